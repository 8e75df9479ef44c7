import { quietly, step } from "../report/step";
import { backoffDelays, pause } from "./backoff";
import type { Expectation } from "./expectation";
import { scaled } from "./timeouts";
import { formatSeconds, HoldViolatedError, WaitAbortedError } from "./wait-errors";
import { poll, resolveTimeout, type WaitOptions } from "./wait-until";

/** Consecutive checks that may fail to read the state before the hold gives up. */
export const MAX_UNREADABLE_CHECKS = 3;

export interface HoldOptions {
  /** How long the condition must keep holding (scaled like every timeout, unless `unscaled`). */
  windowMs: number;
  /**
   * The window is a claim's, not a wait's (longer than a timed pause it must outlast): scaling
   * it down for a quick run would let the claim pass vacuously.
   */
  unscaled?: boolean;
  /**
   * The trigger that must have been observed before the hold starts, so that
   * "nothing happened" is not a vacuous pass (e.g. "Argo CD has refreshed at
   * the branch commit" before "nothing was deployed").
   */
  after: Expectation;
  /** Timeout for observing the precondition. */
  afterTimeout?: WaitOptions["timeout"];
  signal?: AbortSignal;
}

export interface HoldResult {
  description: string;
  windowMs: number;
  checks: number;
  preconditionMs: number;
}

/**
 * Proves a "nothing happens" claim: first waits for `options.after` to be
 * observed, then checks `condition` for the whole window and fails on the first
 * check that does not pass.
 */
export async function consistently(condition: Expectation, options: HoldOptions): Promise<HoldResult> {
  const windowMs = options.unscaled ? options.windowMs : scaled(options.windowMs);
  return step(
    `Hold ${condition.description} for ${formatSeconds(windowMs)}, after ${options.after.description}`,
    async () => {
      const precondition = await poll(
        options.after,
        resolveTimeout(options.afterTimeout ?? "sync"),
        options.signal,
      ).catch((error: Error) => {
        throw new Error(
          `Refusing to start holding ${condition.description}: its precondition (${options.after.description}) was never observed. ${error.message}`,
        );
      });
      const started = performance.now();
      const delays = backoffDelays();
      let checks = 0;
      let unreadable = 0;
      for (;;) {
        const elapsed = performance.now() - started;
        if (options.signal?.aborted) throw new WaitAbortedError(condition.description, elapsed, "holding");
        let verdict: Awaited<ReturnType<Expectation["check"]>>;
        try {
          verdict = await quietly(async () => condition.check());
          unreadable = 0;
        } catch (error) {
          // A passing API hiccup is not a violation; a state that stays unreadable cannot be held.
          unreadable += 1;
          if (unreadable < MAX_UNREADABLE_CHECKS) {
            await pause(delays.next().value, options.signal);
            continue;
          }
          throw error;
        }
        checks += 1;
        if (verdict.state !== "pass") {
          throw new HoldViolatedError(
            condition.description,
            performance.now() - started,
            windowMs,
            verdict.message,
          );
        }
        if (elapsed >= windowMs) {
          return {
            description: condition.description,
            windowMs,
            checks,
            preconditionMs: precondition.durationMs,
          };
        }
        await pause(Math.min(delays.next().value, windowMs - elapsed), options.signal);
      }
    },
  );
}
