import { REDACTED, redact } from "../report/redaction";
import type { ApiRequestRef } from "./argocd-api-error";

/**
 * What the report shows of an exchange with argocd-server: the request and the response as
 * readable text, with every secret-looking field masked and every registered secret redacted,
 * so the report can be published.
 */

/** Attachments stay readable in the report; a whole Application is well under this. */
export const ATTACHMENT_LIMIT = 100_000;

/** Field names whose string values never reach the report: password, newPassword, token, … */
const SECRET_FIELD = /password|token/i;

/** Secret-looking fields are masked whatever their length (registerSecret ignores very short values). */
export function maskSecretFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecretFields);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      SECRET_FIELD.test(k) && typeof v === "string" ? REDACTED : maskSecretFields(v),
    ]),
  );
}

/** "PUT /api/v1/account/password", the account, the Content-Type of a non-GET, and the body, masked. */
export function requestTranscript(request: ApiRequestRef, body: unknown): string {
  const lines = [`${request.method} ${request.path}`, `as ${request.username}`];
  if (request.method !== "GET") lines.push("Content-Type: application/json");
  if (body !== undefined) lines.push("", JSON.stringify(maskSecretFields(body), null, 2));
  return redact(lines.join("\n"));
}

/** A response body: JSON pretty-printed with secret fields masked, anything else as it came; clipped. */
export function responseTranscript(text: string): string {
  try {
    return clipped(JSON.stringify(maskSecretFields(JSON.parse(text)), null, 2));
  } catch {
    return clipped(text);
  }
}

/** At most ATTACHMENT_LIMIT characters, saying how many were left out. */
export function clipped(text: string): string {
  return text.length > ATTACHMENT_LIMIT
    ? `${text.slice(0, ATTACHMENT_LIMIT)}\n… (${text.length - ATTACHMENT_LIMIT} more characters not attached)`
    : text;
}
