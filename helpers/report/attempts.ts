import { Status } from "allure-js-commons";
import { type RuntimeMessage, stripAnsi } from "allure-js-commons/sdk";
import { redact } from "./redaction";

/**
 * vitest runs a test again on `retry` (after a failure) and on `--repeats`
 * (regardless), and allure-vitest then writes one result holding every
 * attempt's steps back to back, with no word that an attempt failed. Each
 * attempt start is marked (attempt-setup.ts) so the reporter can show each
 * attempt as a step of its own and call a pass after a failure flaky.
 */
export interface AttemptMark {
  /** Epoch ms when the attempt started. */
  start: number;
  /** How many Allure runtime messages the test had sent before the attempt. */
  messageCount: number;
  /** How many errors vitest had recorded for the test before the attempt. */
  errorCount: number;
  retry: number;
  repeat: number;
}

export const ATTEMPTS_META_KEY = "gitopsConformanceAttempts";

export interface Attempt {
  mark: AttemptMark;
  /** The first line of the attempt's first error; undefined when it passed. */
  error: string | undefined;
}

const firstLine = (message: string) =>
  message
    .split("\n")
    .find((l) => l.trim() !== "")
    ?.trim() ?? message;

/** Each attempt with its outcome: an attempt failed when vitest recorded an error during it. */
export function attemptsOf(
  marks: readonly AttemptMark[],
  errors: readonly { message?: string }[],
): Attempt[] {
  return marks.map((mark, i) => {
    const until = marks[i + 1]?.errorCount ?? errors.length;
    const own = errors.slice(mark.errorCount, until);
    const first = own[0];
    // Redacted here too: the reporter's process knows the secrets global setup registered.
    return {
      mark,
      error: first === undefined ? undefined : firstLine(redact(stripAnsi(first.message ?? "failed"))),
    };
  });
}

export function attemptName(attempt: Attempt, index: number, total: number): string {
  const { retry, repeat } = attempt.mark;
  const why = [repeat > 0 ? `repeat ${repeat}` : "", retry > 0 ? `retry ${retry}` : ""]
    .filter(Boolean)
    .join(", ");
  const outcome = attempt.error === undefined ? "passed" : `failed: ${attempt.error}`;
  return `Attempt ${index + 1} of ${total}${why ? ` (${why})` : ""}: ${outcome}`;
}

/**
 * An attempt's messages with its steps balanced, so its wrapper closes where it
 * should: a step left open (the attempt timed out inside it) is closed as
 * broken, and a stray stop (from a step an earlier attempt left open) dropped.
 */
function balanced(messages: readonly RuntimeMessage[], stop: number): RuntimeMessage[] {
  let open = 0;
  const out: RuntimeMessage[] = [];
  for (const message of messages) {
    if (message.type === "step_start") open += 1;
    if (message.type === "step_stop") {
      if (open === 0) continue;
      open -= 1;
    }
    out.push(message);
  }
  for (; open > 0; open -= 1) {
    out.push({
      type: "step_stop",
      data: { stop, status: Status.BROKEN, statusDetails: { message: "did not finish in this attempt" } },
    });
  }
  return out;
}

/** The test's runtime messages with each attempt's share wrapped in a step named after its outcome. */
export function wrapAttempts(
  messages: readonly RuntimeMessage[],
  attempts: readonly Attempt[],
  endMs: number,
): RuntimeMessage[] {
  if (attempts.length < 2) return [...messages];
  const wrapped: RuntimeMessage[] = [];
  attempts.forEach((attempt, i) => {
    const next = attempts[i + 1];
    const stop = next?.mark.start ?? endMs;
    const own = messages.slice(attempt.mark.messageCount, next?.mark.messageCount ?? messages.length);
    wrapped.push({
      type: "step_start",
      data: { name: attemptName(attempt, i, attempts.length), start: attempt.mark.start },
    });
    wrapped.push(...balanced(own, stop));
    wrapped.push({
      type: "step_stop",
      data: {
        stop,
        status: attempt.error === undefined ? Status.PASSED : Status.FAILED,
        ...(attempt.error === undefined ? {} : { statusDetails: { message: attempt.error } }),
      },
    });
  });
  return wrapped;
}

/** A pass that needed more than one attempt, said in one line; undefined when the test was not flaky. */
export function flakyMessage(attempts: readonly Attempt[], passed: boolean): string | undefined {
  const failed = attempts.flatMap((a, i) => (a.error === undefined ? [] : [{ i, error: a.error }]));
  if (!passed || failed.length === 0) return undefined;
  const which = failed.map(({ i, error }) => `attempt ${i + 1} failed: ${error}`).join("; ");
  return `Flaky: passed on attempt ${attempts.length} of ${attempts.length}, after ${which}`;
}
