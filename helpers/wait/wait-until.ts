import { quietly, step } from "../report/step";
import { backoffDelays, pause } from "./backoff";
import type { Expectation, Verdict } from "./expectation";
import { scaled, type TimeoutKind, timeoutFor } from "./timeouts";
import { formatSeconds, WaitAbortedError, WaitFailedError, WaitTimeoutError } from "./wait-errors";

export interface WaitOptions {
  /** A kind of operation (its default, scaled) or a number of milliseconds (also scaled). */
  timeout?: TimeoutKind | number;
  /** The test's signal (vitest's `context.signal`): a cancelled test cancels the wait. */
  signal?: AbortSignal;
}

export interface WaitResult {
  description: string;
  /** How long the state took to be reached, measured from the first check. */
  durationMs: number;
  /** The message of the passing check: the state that was seen. */
  message: string;
  polls: number;
}

export function resolveTimeout(timeout: WaitOptions["timeout"]): number {
  return typeof timeout === "number" ? scaled(timeout) : timeoutFor(timeout ?? "quick");
}

async function safeCheck(expectation: Expectation): Promise<Verdict> {
  try {
    // Checks are observations, repeated every poll and possibly concurrent (allOf): the wait's step reports them.
    return await quietly(async () => expectation.check());
  } catch (error) {
    // A transient error (API briefly unreachable) is not the end: keep polling, and report it if it lasts.
    return {
      // Stryker disable next-line StringLiteral: equivalent, the loop acts only on "pass" and "fail".
      state: "pending",
      message: `check threw: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/**
 * Polls `expectation` until it passes, fails, the timeout runs out or the test is
 * cancelled. Runs as a report step renamed with its outcome ("... — reached after 6.8 s"),
 * so every wait's duration is in the report.
 */
export async function waitUntil(expectation: Expectation, options: WaitOptions = {}): Promise<WaitResult> {
  const timeoutMs = resolveTimeout(options.timeout);
  return step(`Wait until ${expectation.description}`, async (handle) => {
    const result = await poll(expectation, timeoutMs, options.signal);
    await handle.rename(
      `Wait until ${expectation.description}: reached after ${formatSeconds(result.durationMs)}`,
    );
    await handle.parameter("state seen", result.message);
    return result;
  });
}

/** The poll loop without reporting; exported for `consistently`. */
export async function poll(
  expectation: Expectation,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<WaitResult> {
  const started = performance.now();
  const delays = backoffDelays();
  let polls = 0;
  let last = "not checked yet";
  for (;;) {
    if (signal?.aborted)
      throw new WaitAbortedError(expectation.description, performance.now() - started, last);
    const verdict = await safeCheck(expectation);
    polls += 1;
    last = verdict.message;
    const elapsed = performance.now() - started;
    if (verdict.state === "pass") {
      return { description: expectation.description, durationMs: elapsed, message: verdict.message, polls };
    }
    if (verdict.state === "fail")
      throw new WaitFailedError(expectation.description, elapsed, verdict.message);
    if (elapsed >= timeoutMs) throw new WaitTimeoutError(expectation.description, timeoutMs, last, polls);
    await pause(Math.min(delays.next().value, timeoutMs - elapsed), signal);
  }
}
