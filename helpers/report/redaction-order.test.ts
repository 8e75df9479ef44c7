import { afterEach, describe, expect, it } from "vitest";
import { clearSecretsForTest, REDACTED, redact, registerSecret } from "./redaction";

afterEach(() => clearSecretsForTest());

describe("redaction", () => {
  it("replaces a secret that contains another one whole, whatever the order they were registered in", () => {
    registerSecret("passwd");
    registerSecret("passwd-123");
    expect(redact("token passwd-123 and passwd")).toBe(`token ${REDACTED} and ${REDACTED}`);
  });
});
