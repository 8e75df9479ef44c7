import { TIMEOUT_PREFIX } from "../report/categories";
import { redact, redactErrorFields } from "../report/redaction";
import { seconds } from "../report/seconds";

/** The awaited state was not reached in time. The message names it, the time and the last state seen. */
export class WaitTimeoutError extends Error {
  constructor(
    readonly description: string,
    readonly timeoutMs: number,
    readonly lastState: string,
    readonly polls: number,
  ) {
    super(
      redact(
        `${TIMEOUT_PREFIX} after ${seconds(timeoutMs)} waiting for ${description}. ` +
          `Last state seen (after ${polls} checks): ${lastState}`,
      ),
    );
    this.name = "WaitTimeoutError";
    // description and lastState quote what was seen; vitest serializes them with the error.
    redactErrorFields(this);
  }
}

/** The awaited state can no longer be reached; the wait stopped at once instead of running out its timeout. */
export class WaitFailedError extends Error {
  constructor(
    readonly description: string,
    readonly elapsedMs: number,
    readonly lastState: string,
  ) {
    super(redact(`Gave up waiting for ${description} after ${seconds(elapsedMs)}: ${lastState}`));
    this.name = "WaitFailedError";
    redactErrorFields(this);
  }
}

/** The test was cancelled (its timeout, or Ctrl-C) while waiting. */
export class WaitAbortedError extends Error {
  constructor(
    readonly description: string,
    readonly elapsedMs: number,
    readonly lastState: string,
  ) {
    super(
      redact(
        `Stopped waiting for ${description} after ${seconds(elapsedMs)}: the test was cancelled. Last state seen: ${lastState}`,
      ),
    );
    this.name = "WaitAbortedError";
    redactErrorFields(this);
  }
}

/** A condition that had to hold for a window stopped holding. */
export class HoldViolatedError extends Error {
  constructor(
    readonly description: string,
    readonly afterMs: number,
    readonly windowMs: number,
    readonly lastState: string,
  ) {
    super(
      redact(
        `Expected ${description} to hold for ${seconds(windowMs)}, but it stopped holding after ${seconds(afterMs)}: ${lastState}`,
      ),
    );
    this.name = "HoldViolatedError";
    redactErrorFields(this);
  }
}

export { seconds as formatSeconds };
