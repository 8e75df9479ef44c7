import { afterEach, describe, expect, it } from "vitest";
import { clearSecretsForTest, REDACTED, registerSecret } from "../report/redaction";
import {
  formatSeconds,
  HoldViolatedError,
  WaitAbortedError,
  WaitFailedError,
  WaitTimeoutError,
} from "./wait-errors";

afterEach(() => clearSecretsForTest());

describe("the wait errors", () => {
  it("say what was awaited, for how long and the last state, in seconds to one decimal", () => {
    expect(formatSeconds(1_234)).toBe("1.2 s");
    const timeout = new WaitTimeoutError("pod app Ready", 120_000, "ContainerCreating", 42);
    expect(timeout.message).toBe(
      "Timed out after 120.0 s waiting for pod app Ready. Last state seen (after 42 checks): ContainerCreating",
    );
    expect(new WaitFailedError("pod app Ready", 2_500, "ImagePullBackOff").message).toBe(
      "Gave up waiting for pod app Ready after 2.5 s: ImagePullBackOff",
    );
    expect(new WaitAbortedError("pod app Ready", 900, "Pending").message).toBe(
      "Stopped waiting for pod app Ready after 0.9 s: the test was cancelled. Last state seen: Pending",
    );
    expect(new HoldViolatedError("the image to stay v1", 3_000, 30_000, "image v2").message).toBe(
      "Expected the image to stay v1 to hold for 30.0 s, but it stopped holding after 3.0 s: image v2",
    );
  });

  it("are named after their kind, so the report tells a timeout from a failure or a cancel", () => {
    expect(new WaitTimeoutError("x", 1, "s", 1).name).toBe("WaitTimeoutError");
    expect(new WaitFailedError("x", 1, "s").name).toBe("WaitFailedError");
    expect(new WaitAbortedError("x", 1, "s").name).toBe("WaitAbortedError");
    expect(new HoldViolatedError("x", 1, 2, "s").name).toBe("HoldViolatedError");
  });

  it("never carry a registered secret, even when the state seen quotes one", () => {
    registerSecret("repo-password-1");
    const state = "clone of http://git:repo-password-1@host/app.git failed";
    for (const error of [
      new WaitTimeoutError("a clone", 1_000, state, 3),
      new WaitFailedError("a clone", 1_000, state),
      new WaitAbortedError("a clone", 1_000, state),
      new HoldViolatedError("a clone", 1_000, 2_000, state),
    ]) {
      expect(error.message).not.toContain("repo-password-1");
      expect(error.message).toContain(`git:${REDACTED}@host`);
    }
  });
});
