import { seconds } from "../report/seconds";

/** Thrown by withTimeout when the work did not settle in time. */
export class DeadlineError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${seconds(timeoutMs)}`);
    this.name = "DeadlineError";
  }
}

/**
 * Settles with `work`, or rejects with DeadlineError after `timeoutMs`. The
 * work itself is not cancelled (testcontainers offers no way to), but its
 * outcome is observed so a late rejection is never unhandled.
 */
export function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DeadlineError(timeoutMs)), timeoutMs);
    // A late answer must not hold the process open once the doctor is done.
    timer.unref?.();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
