import { describe, expect, it } from "vitest";
import { indefinitePauseVerdict, longestTimedPauseMs, pauseDurationMs } from "./pause-steps";
import type { CanaryStep, RolloutObject } from "./rollout-status";

const rollout = (steps: CanaryStep[]): RolloutObject => ({
  metadata: { name: "grade-submission-api" },
  spec: { strategy: { canary: { steps } } },
});
// The course's Lab 1.2 steps.
const COURSE = rollout([{ setWeight: 20 }, { pause: { duration: 30 } }, { setWeight: 50 }, { pause: {} }]);

describe("pause steps as the live Rollout defines them", () => {
  it("reads Argo Rollouts' durations: seconds as a number or string, and Go durations", () => {
    expect(pauseDurationMs({ pause: { duration: 30 } })).toBe(30_000);
    expect(pauseDurationMs({ pause: { duration: "45" } })).toBe(45_000);
    expect(pauseDurationMs({ pause: { duration: "1m30s" } })).toBe(90_000);
    expect(pauseDurationMs({ pause: { duration: "1h" } })).toBe(3_600_000);
    expect(pauseDurationMs({ pause: {} })).toBeUndefined();
    expect(() => pauseDurationMs({ pause: { duration: "soon" } })).toThrow(/would not read: "soon"/);
  });

  it("passes the course's last step, a pause with no duration", () => {
    expect(indefinitePauseVerdict(COURSE, 3)).toEqual({
      state: "pass",
      message: 'step 3 is {"pause":{}}: no duration, held until promoted',
    });
  });

  it("fails at once for a timed pause in its place, or no pause at all", () => {
    const timed = rollout([
      { setWeight: 20 },
      { pause: { duration: 30 } },
      { setWeight: 50 },
      { pause: { duration: "10m" } },
    ]);
    expect(indefinitePauseVerdict(timed, 3)).toEqual({
      state: "fail",
      message: 'step 3 is a timed pause ({"pause":{"duration":"10m"}}): it ends by itself after 600 s',
    });
    expect(indefinitePauseVerdict(COURSE, 2).state).toBe("fail");
  });

  it("finds the longest timed pause, which a hold for 'until promoted' must outlast", () => {
    expect(longestTimedPauseMs(COURSE)).toBe(30_000);
    expect(longestTimedPauseMs(rollout([{ pause: { duration: "2m" } }, { pause: { duration: 5 } }]))).toBe(
      120_000,
    );
    expect(longestTimedPauseMs(rollout([{ setWeight: 100 }]))).toBe(0);
  });
});
