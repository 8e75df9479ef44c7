// Run by helpers/report/redaction-artifacts.test.ts through the suite's reporters: every error
// type that carries foreign text is thrown with a planted secret, in every form, in every field.
// Every test fails on purpose. Not part of any project.
import { beforeAll, describe, expect, it } from "vitest";
import { ArgoCdApiError, ArgoCdTransportError } from "../../argocd/argocd-api-error";
import { CommandFailedError } from "../../exec/run-command";
import { encodedForms, registerSecret } from "../../report/redaction";
import {
  HoldViolatedError,
  WaitAbortedError,
  WaitFailedError,
  WaitTimeoutError,
} from "../../wait/wait-errors";
import { MAIN_SECRET, PLANTED_USER, WORKER_SECRET } from "./planted-secrets";

registerSecret(WORKER_SECRET, { user: PLANTED_USER });

/** What a server or a command would echo: the secret as it is and in each of its encoded forms. */
const foreign = `echoed: ${encodedForms(WORKER_SECRET, PLANTED_USER).join(" | ")}`;
const request = {
  method: "POST",
  path: `/api/v1/session?password=${encodeURIComponent(WORKER_SECRET)}`,
  username: PLANTED_USER,
};

describe("errors that carry foreign text", () => {
  it("CommandFailedError", () => {
    throw new CommandFailedError({
      command: `git clone http://${PLANTED_USER}:${encodeURIComponent(WORKER_SECRET)}@git/app.git`,
      stdout: foreign,
      stderr: foreign,
      exitCode: 128,
      durationMs: 12,
    });
  });

  it("ArgoCdApiError", () => {
    throw new ArgoCdApiError(request, 401, foreign, 16);
  });

  it("ArgoCdTransportError", () => {
    throw new ArgoCdTransportError(request, foreign, "ECONNRESET", true, { cause: new Error(foreign) });
  });

  it("WaitTimeoutError", () => {
    throw new WaitTimeoutError(foreign, 1_000, foreign, 3);
  });

  it("WaitFailedError", () => {
    throw new WaitFailedError(foreign, 1_000, foreign);
  });

  it("WaitAbortedError", () => {
    throw new WaitAbortedError(foreign, 1_000, foreign);
  });

  it("HoldViolatedError", () => {
    throw new HoldViolatedError(foreign, 1_000, 2_000, foreign);
  });
});

describe("errors no class redacts", () => {
  it("an assertion quoting the secret", () => {
    expect({ token: foreign }).toEqual({ token: "another token" });
  });

  it("a library's error, secret in its cause", () => {
    throw new Error("request failed", { cause: new Error(foreign) });
  });
});

describe("what only the reporters' process knows", () => {
  beforeAll(() => {
    throw new Error(`setup failed for ${MAIN_SECRET}`);
  });

  it("a test under a failed beforeAll", () => {});
});

it("console output quoting the global setup's secret", () => {
  console.log(`the admin password is ${MAIN_SECRET}`);
  throw new Error("fails, so its output is kept");
});
