import { createHash, timingSafeEqual } from "node:crypto";
import { registerSecret } from "../report/redaction";

export interface GitCredentials {
  username: string;
  password: string;
}

/**
 * Registers the password in every form it travels in: as is, URL-encoded (clone URLs) and
 * inside the Basic header. Each process that writes to the report must call it (the lab
 * workers too, not only the setup that started the server).
 */
export function registerCredentialSecrets(credentials: GitCredentials): void {
  registerSecret(credentials.password);
  registerSecret(encodeURIComponent(credentials.password));
  registerSecret(Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64"));
}

export const BASIC_AUTH_CHALLENGE = 'Basic realm="gitops-conformance", charset="UTF-8"';

/** The username when `authorization` carries exactly `expected` as HTTP Basic credentials, otherwise undefined. */
export function authenticatedUser(
  authorization: string | undefined,
  expected: GitCredentials,
): string | undefined {
  // Stryker disable next-line StringLiteral: equivalent, any other fallback for a missing header fails the match too.
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon === -1) return undefined;
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  // Both compared, in constant time, so a wrong guess reveals nothing about which half was wrong.
  const userOk = sameSecret(username, expected.username);
  const passwordOk = sameSecret(password, expected.password);
  return userOk && passwordOk ? username : undefined;
}

function sameSecret(actual: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(actual), digest(expected));
}
