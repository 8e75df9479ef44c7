/**
 * The forms a secret travels in besides itself. A password reaches the report
 * inside a Basic header (base64), a JSON body or a serialized error (JSON-escaped),
 * a clone URL (URL-encoded) and junit.xml (XML-escaped), so each form is redacted too.
 */

const base64 = (bytes: Buffer) => bytes.toString("base64");
const base64url = (text: string) => text.replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

/**
 * The base64 characters that depend on the secret alone, for each of the three
 * offsets it can sit at inside a longer encoded value (`user:secret`, a Kubernetes
 * Secret's data, a token): the characters shared with its neighbours differ, these never do.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  return [0, 1, 2].map((offset) => {
    const encoded = base64(Buffer.concat([Buffer.alloc(offset), bytes]));
    // Character i holds bits [6i, 6i+6): keep those that lie wholly inside the secret's bytes.
    const start = Math.ceil((8 * offset) / 6);
    const end = Math.floor((8 * (offset + bytes.length)) / 6);
    return encoded.slice(start, end);
  });
}

const xmlEscaped = (text: string) =>
  text
    .replaceAll("&", "&amp;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
const jsonEscaped = (text: string) => JSON.stringify(text).slice(1, -1);

/** How text is escaped on its way into an artifact: JSON (twice: a JSON string inside JSON), URLs, XML. */
function escapings(text: string): string[] {
  const json = jsonEscaped(text);
  return [text, json, jsonEscaped(json), encodeURIComponent(text), xmlEscaped(text), xmlEscaped(json)];
}

/**
 * Every form of `secret` worth redacting, the secret first. With `user`, the whole
 * Basic credential (`base64(user:secret)`) too, so it is replaced entire.
 */
export function encodedForms(secret: string, user?: string): string[] {
  const whole = base64(Buffer.from(secret, "utf8"));
  const encoded = [whole, base64url(whole), ...base64Cores(secret)];
  for (const core of base64Cores(secret)) encoded.push(base64url(core));
  if (user !== undefined) encoded.push(base64(Buffer.from(`${user}:${secret}`, "utf8")));
  const forms = new Set<string>();
  for (const text of [secret, ...encoded]) for (const form of escapings(text)) forms.add(form);
  return [...forms];
}
