import { afterEach, describe, expect, it } from "vitest";
import { ArgoCdApiError, ArgoCdTransportError } from "../argocd/argocd-api-error";
import { CommandFailedError } from "../exec/run-command";
import { HoldViolatedError, WaitAbortedError, WaitFailedError, WaitTimeoutError } from "../wait/wait-errors";
import { clearSecretsForTest, encodedForms, REDACTED, registerSecret } from "./redaction";

afterEach(() => clearSecretsForTest());

const SECRET = 'tok"en/+&<s3cret>';
const USER = "planted-user";

/** Every own field as vitest serializes a thrown error (non-enumerable ones too) into junit.xml and Allure. */
function serialized(error: Error): string {
  const fields = Object.getOwnPropertyNames(error).map((key) => [key, (error as never)[key]]);
  return JSON.stringify(Object.fromEntries(fields));
}

/** Each error type that carries foreign text, the secret in every field, raw and encoded. */
function errorsQuoting(text: string): Error[] {
  const request = { method: "POST", path: `/api/v1/session?token=${text}`, username: USER };
  return [
    new CommandFailedError({
      command: `git clone http://${USER}:${text}@git/app.git`,
      stdout: text,
      stderr: text,
      exitCode: 128,
      durationMs: 1,
    }),
    new ArgoCdApiError(request, 401, text, 16),
    new ArgoCdTransportError(request, text, "ECONNRESET", true),
    new WaitTimeoutError(text, 1_000, text, 3),
    new WaitFailedError(text, 1_000, text),
    new WaitAbortedError(text, 1_000, text),
    new HoldViolatedError(text, 1_000, 2_000, text),
  ];
}

describe("the errors that carry foreign text", () => {
  it("are built with every field redacted, so no serialization of them holds the secret in any form", () => {
    registerSecret(SECRET, { user: USER });
    const forms = encodedForms(SECRET, USER);
    for (const error of errorsQuoting(`seen: ${forms.join(" ")}`)) {
      const text = serialized(error);
      expect(text, error.name).toContain(REDACTED);
      expect(
        forms.filter((form) => text.includes(form)),
        error.name,
      ).toEqual([]);
    }
  });

  it("keep what they say otherwise: the fields stay readable and typed", () => {
    registerSecret(SECRET);
    const [command, api] = errorsQuoting(`x ${SECRET}`) as [CommandFailedError, ArgoCdApiError];
    expect(command.transcript).toMatchObject({ stdout: `x ${REDACTED}`, exitCode: 128 });
    expect(api.serverMessage).toBe(`x ${REDACTED}`);
    expect(api.isUnauthenticated()).toBe(true);
  });
});
