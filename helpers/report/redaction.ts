/**
 * Secrets registered here are replaced in every attachment, transcript and
 * error message the suite writes, so the report can be published.
 */
const secrets = new Set<string>();

export const REDACTED = "[REDACTED]";

/** Registers a value that must never reach the report (passwords, tokens, credentials). */
export function registerSecret(value: string | undefined): void {
  // Very short values would redact ordinary words; real secrets are longer.
  if (value && value.length >= 6) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** For self-tests only: forget every registered secret. */
export function clearSecretsForTest(): void {
  secrets.clear();
}
