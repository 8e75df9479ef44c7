import { Status } from "allure-js-commons";
import type { RuntimeMessage } from "allure-js-commons/sdk";
import { describe, expect, it } from "vitest";
import { type AttemptMark, attemptsOf, flakyMessage, wrapAttempts } from "./attempts";

const mark = (over: Partial<AttemptMark>): AttemptMark => ({
  start: 0,
  messageCount: 0,
  errorCount: 0,
  retry: 0,
  repeat: 0,
  ...over,
});
const stepStart = (name: string): RuntimeMessage => ({ type: "step_start", data: { name, start: 1 } });
const stepStop: RuntimeMessage = { type: "step_stop", data: { stop: 2, status: Status.PASSED } };

describe("attempts of a repeated test (--repeats, for flake hunting)", () => {
  const marks = [
    mark({ start: 10 }),
    mark({ start: 20, messageCount: 2, repeat: 1 }),
    mark({ start: 30, messageCount: 4, errorCount: 1, repeat: 2 }),
  ];
  const attempts = attemptsOf(marks, [{ message: "Timed out waiting\nlast state: Progressing" }]);

  it("gives the failing run its own error's first line, the others none", () => {
    expect(attempts.map((a) => a.error)).toEqual([undefined, "Timed out waiting", undefined]);
  });

  it("wraps each run's messages in a step named with the repeat and outcome", () => {
    const messages = ["a", "b", "c"].flatMap((name) => [stepStart(name), stepStop]);
    const wrapped = wrapAttempts(messages, attempts, 40);
    const names = wrapped.flatMap((m) => (m.type === "step_start" ? [m.data.name] : []));
    expect(names).toEqual([
      "Attempt 1 of 3: passed",
      "a",
      "Attempt 2 of 3 (repeat 1): failed: Timed out waiting",
      "b",
      "Attempt 3 of 3 (repeat 2): passed",
      "c",
    ]);
    const stops = wrapped.flatMap((m) => (m.type === "step_stop" ? [[m.data.stop, m.data.status]] : []));
    expect(stops).toEqual([
      [2, "passed"],
      [20, "passed"],
      [2, "passed"],
      [30, "failed"],
      [2, "passed"],
      [40, "passed"],
    ]);
  });

  it("is flaky only when it passed in the end after a failed attempt", () => {
    expect(flakyMessage(attempts, true)).toBe(
      "Flaky: passed on attempt 3 of 3, after attempt 2 failed: Timed out waiting",
    );
    expect(flakyMessage(attempts, false)).toBeUndefined();
    expect(flakyMessage(attemptsOf([mark({})], []), true)).toBeUndefined();
  });

  it("closes a step an attempt left open, and drops a stop that belongs to an earlier attempt", () => {
    const two = attemptsOf(
      [mark({ start: 10 }), mark({ start: 20, messageCount: 1, errorCount: 1, retry: 1 })],
      [{ message: "Test timed out" }],
    );
    const wrapped = wrapAttempts([stepStart("hung"), stepStop, stepStart("b"), stepStop], two, 30);
    expect(
      wrapped.map((m) =>
        m.type === "step_start"
          ? `start ${m.data.name}`
          : m.type === "step_stop"
            ? `stop ${m.data.status}`
            : m.type,
      ),
    ).toEqual([
      "start Attempt 1 of 2: failed: Test timed out",
      "start hung",
      "stop broken",
      "stop failed",
      "start Attempt 2 of 2 (retry 1): passed",
      "start b",
      "stop passed",
      "stop passed",
    ]);
  });

  it("leaves a test that ran once untouched", () => {
    const messages = [stepStart("a")];
    expect(wrapAttempts(messages, attemptsOf([mark({})], []), 5)).toEqual(messages);
  });
});
