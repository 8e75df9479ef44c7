/**
 * Secrets registered here are replaced in every attachment, transcript, error
 * and report file the suite writes, so the report can be published.
 */
import { encodedForms } from "./redaction-forms";

export { encodedForms };

export const REDACTED = "[REDACTED]";

/** Shorter values would redact ordinary words; they are refused, loudly (see registerSecret). */
export const MIN_SECRET_LENGTH = 6;

interface Registry {
  /** Every form of every secret, longest first, so a form that contains another is replaced whole. */
  forms: string[];
  /** Short values already warned about, so each is named once. */
  warned: Set<string>;
}

const registry: Registry = { forms: [], warned: new Set() };

/**
 * Registers a value that must never reach the report (passwords, tokens, credentials),
 * with its encoded forms (base64, JSON-escaped, URL-encoded, XML-escaped). `user`, when the
 * value is a password, adds the whole HTTP Basic credential.
 */
export function registerSecret(value: string | undefined, options: { user?: string } = {}): void {
  if (!value) return;
  if (value.length < MIN_SECRET_LENGTH) {
    warnTooShort(value);
    return;
  }
  const known = new Set(registry.forms);
  const fresh = encodedForms(value, options.user).filter(
    (form) => form.length >= MIN_SECRET_LENGTH && !known.has(form),
  );
  if (fresh.length === 0) return;
  registry.forms = [...registry.forms, ...fresh].sort((a, b) => b.length - a.length);
}

function warnTooShort(value: string): void {
  if (registry.warned.has(value)) return;
  registry.warned.add(value);
  // The length only: the warning itself lands in the console and in junit.xml.
  console.warn(
    `registerSecret: a secret of ${value.length} characters is too short to redact safely ` +
      `(under ${MIN_SECRET_LENGTH}); it will appear in the report as it is. Use a longer one.`,
  );
}

export function redact(text: string): string {
  let out = text;
  for (const form of registry.forms) {
    if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  return out;
}

/**
 * A copy of `value` with every string in it redacted, through arrays and plain objects
 * (serialized errors, transcripts). Shared structure and cycles are kept as they were.
 */
export function redactValue<T>(value: T, seen = new WeakMap<object, unknown>()): T {
  if (typeof value === "string") return redact(value) as T;
  if (typeof value !== "object" || value === null) return value;
  if (seen.has(value)) return seen.get(value) as T;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(redactValue(item, seen));
    return copy as T;
  }
  const proto = Object.getPrototypeOf(value);
  // Class instances (an Error as a cause, a Date) are left whole: copying would lose what they are.
  if (proto !== Object.prototype && proto !== null) return value;
  const copy = Object.create(proto) as Record<string, unknown>;
  seen.set(value, copy);
  for (const [key, item] of Object.entries(value)) copy[key] = redactValue(item, seen);
  return copy as T;
}

/**
 * Redacts an error's message, stack and own fields in place. Every error that carries
 * foreign text (command output, a server's answer, a state seen) calls it last in its
 * constructor, after setting its name (reading the stack fixes its first line): vitest
 * serializes all own fields into the console, junit.xml and Allure, and making them
 * non-enumerable would not help (it copies those too).
 */
export function redactErrorFields(error: Error): void {
  error.message = redact(error.message);
  // A stack once read keeps the message of that moment; reading it now fixes it redacted.
  if (typeof error.stack === "string") error.stack = redact(error.stack);
  const fields = error as unknown as Record<string, unknown>;
  for (const key of Object.keys(error)) fields[key] = redactValue(fields[key]);
}

/** For self-tests only: forget every registered secret. */
export function clearSecretsForTest(): void {
  registry.forms = [];
  registry.warned.clear();
}
