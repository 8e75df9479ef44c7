import { createHash, timingSafeEqual } from "node:crypto";

export interface GitCredentials {
  username: string;
  password: string;
}

export const BASIC_AUTH_CHALLENGE = 'Basic realm="gitops-conformance", charset="UTF-8"';

/** The username when `authorization` carries exactly `expected` as HTTP Basic credentials, otherwise undefined. */
export function authenticatedUser(
  authorization: string | undefined,
  expected: GitCredentials,
): string | undefined {
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
