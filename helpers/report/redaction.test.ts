import { afterEach, describe, expect, it } from "vitest";
import { clearSecretsForTest, REDACTED, redact, registerSecret } from "./redaction";

afterEach(() => clearSecretsForTest());

describe("registerSecret and redact", () => {
  it("replaces every occurrence of a registered secret, and nothing else", () => {
    registerSecret("hunter2-token");
    expect(redact("a hunter2-token b hunter2-token")).toBe(`a ${REDACTED} b ${REDACTED}`);
    expect(redact("nothing secret here")).toBe("nothing secret here");
  });

  it("ignores values under 6 characters, which would redact ordinary words, and empty ones", () => {
    registerSecret("admin");
    registerSecret("");
    registerSecret(undefined);
    expect(redact("admin logs in")).toBe("admin logs in");
    registerSecret("admin1");
    expect(redact("admin1 logs in")).toBe(`${REDACTED} logs in`);
  });

  it("forgets every secret for the next self-test", () => {
    registerSecret("forget-me-not");
    clearSecretsForTest();
    expect(redact("forget-me-not")).toBe("forget-me-not");
  });
});
