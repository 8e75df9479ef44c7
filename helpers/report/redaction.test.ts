import { afterEach, describe, expect, it, vi } from "vitest";
import {
  clearSecretsForTest,
  encodedForms,
  REDACTED,
  redact,
  redactErrorFields,
  redactValue,
  registerSecret,
} from "./redaction";

afterEach(() => {
  clearSecretsForTest();
  vi.restoreAllMocks();
});

/** Characters JSON, URLs and XML each escape, so every escaped form differs from the secret. */
const SECRET = 'pa"ss/+&<w0rd>';
const b64 = (text: string) => Buffer.from(text).toString("base64");

describe("registerSecret and redact", () => {
  it("replaces every occurrence of a registered secret, and nothing else", () => {
    registerSecret("hunter2-token");
    expect(redact("a hunter2-token b hunter2-token")).toBe(`a ${REDACTED} b ${REDACTED}`);
    expect(redact("nothing secret here")).toBe("nothing secret here");
  });

  it("refuses values under 6 characters, which would redact ordinary words, saying so once, by length only", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    registerSecret("admin");
    registerSecret("admin");
    registerSecret("");
    registerSecret(undefined);
    expect(redact("admin logs in")).toBe("admin logs in");
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toContain("a secret of 5 characters is too short");
    expect(warn.mock.calls[0]?.[0]).not.toContain("admin");
    registerSecret("admin1");
    expect(redact("admin1 logs in")).toBe(`${REDACTED} logs in`);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("forgets every secret for the next self-test", () => {
    registerSecret("forget-me-not");
    clearSecretsForTest();
    expect(redact("forget-me-not")).toBe("forget-me-not");
  });
});

describe("the encoded forms of a secret", () => {
  it("are redacted as it travels in JSON (once and twice escaped), URLs and XML", () => {
    registerSecret(SECRET);
    const json = JSON.stringify({ password: SECRET });
    for (const text of [
      json,
      JSON.stringify({ body: json }),
      `http://user:${encodeURIComponent(SECRET)}@git/app.git`,
      `<failure message="pa&quot;ss/+&amp;&lt;w0rd&gt;"/>`,
    ]) {
      expect(redact(text)).toContain(REDACTED);
      expect(redact(text)).not.toMatch(/pa.{0,12}ss.{0,16}w0rd/);
    }
  });

  it("are redacted in base64 and base64url, alone or inside a longer encoded value at any offset", () => {
    registerSecret(SECRET);
    for (const prefix of ["", "a", "ab", "abc"]) {
      const encoded = b64(`${prefix}${SECRET}!trailing bytes`);
      const url = encoded.replaceAll("+", "-").replaceAll("/", "_");
      for (const text of [encoded, url]) {
        const redacted = redact(`Authorization: Basic ${text}`);
        expect(redacted).toContain(REDACTED);
        expect(encodedForms(SECRET).filter((form) => redacted.includes(form))).toEqual([]);
      }
    }
  });

  it("include the whole Basic credential when the user is known, so it is replaced entire", () => {
    registerSecret(SECRET, { user: "git-user" });
    expect(redact(`Authorization: Basic ${b64(`git-user:${SECRET}`)}`)).toBe(
      `Authorization: Basic ${REDACTED}`,
    );
    expect(encodedForms(SECRET, "git-user")).toContain(b64(`git-user:${SECRET}`));
  });

  it("are only the secret itself where no escaping changes it, besides its base64", () => {
    const forms = encodedForms("plain-secret-123");
    expect(forms[0]).toBe("plain-secret-123");
    expect(forms.filter((f) => f.includes("plain"))).toEqual(["plain-secret-123"]);
  });
});

describe("redactValue", () => {
  it("copies arrays and plain objects with every string redacted, keeping cycles and class instances", () => {
    registerSecret(SECRET);
    const date = new Date(0);
    const value: Record<string, unknown> = { a: [`x ${SECRET}`, 3, null], nested: { s: SECRET }, date };
    value.self = value;
    const copy = redactValue(value);
    expect(copy).not.toBe(value);
    expect(copy.a).toEqual([`x ${REDACTED}`, 3, null]);
    expect(copy.nested).toEqual({ s: REDACTED });
    expect(copy.self).toBe(copy);
    expect(copy.date).toBe(date);
    expect(value.nested).toEqual({ s: SECRET });
  });
});

describe("redactErrorFields", () => {
  it("redacts the message and every own field, however nested, in place", () => {
    registerSecret(SECRET);
    const error = Object.assign(new Error(`failed: ${SECRET}`), { output: { stdout: SECRET }, code: 2 });
    redactErrorFields(error);
    expect(error.message).toBe(`failed: ${REDACTED}`);
    expect(error.output).toEqual({ stdout: REDACTED });
    expect(error.code).toBe(2);
    expect(error.stack).not.toContain(SECRET);
  });

  it("redacts a stack written before the message was", () => {
    registerSecret(SECRET);
    const error = new Error(`failed: ${SECRET}`);
    expect(error.stack).toContain(SECRET);
    redactErrorFields(error);
    expect(error.stack).toContain(`Error: failed: ${REDACTED}`);
    expect(error.stack).not.toContain(SECRET);
  });
});
