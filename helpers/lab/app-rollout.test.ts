import { describe, expect, it } from "vitest";
import { COURSE_STEP } from "../rollouts/course-rollout";
import { weightAt } from "./app-rollout";

describe("weightAt (the course's steps: setWeight 20, pause 30 s, setWeight 50, pause {})", () => {
  it("is the last setWeight at or before the step", () => {
    expect(weightAt(COURSE_STEP.weight20)).toBe(20);
    expect(weightAt(COURSE_STEP.timedPause)).toBe(20);
    expect(weightAt(COURSE_STEP.weight50)).toBe(50);
    expect(weightAt(COURSE_STEP.manualPause)).toBe(50);
  });
});
