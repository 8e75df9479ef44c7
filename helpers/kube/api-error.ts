import { STATUS_CODES } from "node:http";
import { ApiException } from "@kubernetes/client-node";

/** The parts of a Kubernetes `Status` body that say what went wrong. */
export interface ApiErrorStatus {
  code: number;
  /** `Status.reason` ("Forbidden", "NotFound", "Conflict", …), or the HTTP reason phrase when the body has none. */
  reason: string;
  message: string | undefined;
}

interface ApiExceptionLike {
  code: number;
  body: unknown;
}

// Duck-typed as well as instanceof: a second copy of client-node (or KubernetesObjectApi's own throw) is still caught.
function isApiException(e: unknown): e is ApiExceptionLike {
  if (e instanceof ApiException) return true;
  return (
    typeof e === "object" && e !== null && typeof (e as ApiExceptionLike).code === "number" && "body" in e
  );
}

/** Parses an ApiException: client-node v2 keeps the response body as raw text (a JSON `Status`, or undefined on 401). */
export function apiErrorStatus(e: unknown): ApiErrorStatus | undefined {
  if (!isApiException(e)) return undefined;
  const fallbackReason = STATUS_CODES[e.code] ?? "Unknown status";
  let status: { reason?: unknown; message?: unknown } | undefined;
  if (typeof e.body === "string" && e.body.trim() !== "") {
    try {
      status = JSON.parse(e.body) as typeof status;
    } catch {
      return { code: e.code, reason: fallbackReason, message: e.body };
    }
  } else if (typeof e.body === "object" && e.body !== null) {
    status = e.body as typeof status;
  }
  return {
    code: e.code,
    reason: typeof status?.reason === "string" && status.reason !== "" ? status.reason : fallbackReason,
    message: typeof status?.message === "string" ? status.message : undefined,
  };
}

export function isNotFound(e: unknown): boolean {
  return apiErrorStatus(e)?.code === 404;
}

const oneLine = (text: string, max = 500) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

/**
 * One line for a failed API call, e.g.
 * `403 Forbidden: deployments.apps "api" is forbidden: User "dev-user" cannot patch resource …`.
 * ApiException's own message is four lines with headers; this is what goes into a verdict or a report.
 */
export function describeApiError(e: unknown): string {
  const status = apiErrorStatus(e);
  if (status) return oneLine(`${status.code} ${status.reason}${status.message ? `: ${status.message}` : ""}`);
  if (e instanceof Error) {
    // undici wraps connection failures: "fetch failed" with the errno in `cause`.
    const cause = e.cause as { code?: string; message?: string } | undefined;
    const detail = cause?.code ?? cause?.message;
    return oneLine(detail && !e.message.includes(detail) ? `${e.message} (${detail})` : e.message);
  }
  return oneLine(String(e));
}
