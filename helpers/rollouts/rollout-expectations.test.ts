import { describe, expect, it } from "vitest";
import { pausedAtStepVerdict, promoteConsumedVerdict } from "./rollout-expectations";
import { describeRollout } from "./rollout-status";
import {
  abortedAtStep1,
  healthyOnV2,
  indexOnlyAtStep1,
  PROGRESS_DEADLINE_MESSAGE,
  pausedAtStep1,
  pausedAtStep3,
  sampleRollout,
  unpausingAtStep1,
} from "./sample-rollouts";

describe("pausedAtStepVerdict", () => {
  it("needs the step index AND the CanaryPauseStep condition, for the observed generation", () => {
    expect(pausedAtStepVerdict(pausedAtStep1, 1).state).toBe("pass");
    expect(pausedAtStepVerdict(indexOnlyAtStep1, 1).message).toMatch(
      /^step index reached, pause condition not set yet; Progressing/,
    );
    expect(pausedAtStepVerdict(pausedAtStep1, 3).state).toBe("pending");
    expect(
      pausedAtStepVerdict(sampleRollout({ ...pausedAtStep1.status, observedGeneration: "1" }), 1).message,
    ).toMatch(/^generation 2 not observed yet;/);
  });

  it("fails fast on Degraded, quoting status.message, on an abort, and on a step that is no pause", () => {
    const degraded = sampleRollout({
      currentStepIndex: 0,
      phase: "Degraded",
      message: PROGRESS_DEADLINE_MESSAGE,
    });
    expect(pausedAtStepVerdict(degraded, 1)).toMatchObject({ state: "fail" });
    expect(pausedAtStepVerdict(degraded, 1).message).toMatch(
      /^Rollout is Degraded: ProgressDeadlineExceeded: ReplicaSet "grade-submission-api-7c94d6f8b4" has timed out progressing\.; /,
    );
    expect(pausedAtStepVerdict(abortedAtStep1, 1).message).toMatch(
      /^Rollout was aborted; Degraded \(RolloutAborted: /,
    );
    expect(pausedAtStepVerdict(pausedAtStep1, 0).message).toMatch(
      /^step 0 is not a pause step \(\{"setWeight":20\}\)/,
    );
  });

  it("does not judge an old abort before the new generation is observed", () => {
    const newCommit = sampleRollout({ ...abortedAtStep1.status }, 3);
    expect(pausedAtStepVerdict(newCommit, 1).state).toBe("pending");
  });
});

describe("promoteConsumedVerdict", () => {
  it("is pending while still paused or only unpausing", () => {
    expect(promoteConsumedVerdict(pausedAtStep1, 1).message).toMatch(
      /^still paused at step 1: the promote has not landed;/,
    );
    expect(promoteConsumedVerdict(unpausingAtStep1, 1).message).toMatch(
      /^unpausing, not yet acted on by the controller; Progressing \(waiting for rollout to unpause\)/,
    );
  });

  it("passes once the step index moved on, even into the next pause", () => {
    expect(promoteConsumedVerdict(sampleRollout({ currentStepIndex: 2 }), 1).message).toMatch(
      /^moved on to step 2;/,
    );
    expect(promoteConsumedVerdict(pausedAtStep3, 1).state).toBe("pass");
    expect(promoteConsumedVerdict(healthyOnV2, 3).state).toBe("pass");
  });
});

describe("pausedAtStepVerdict, in detail", () => {
  it("names a step index past the last step as no pause step", () => {
    expect(pausedAtStepVerdict(pausedAtStep1, 9)).toMatchObject({
      state: "fail",
      message: expect.stringMatching(/^step 9 is not a pause step \(null\); Paused/),
    });
  });

  it("judges a Rollout without canary steps by its index and pause condition alone", () => {
    const noSteps = sampleRollout({ ...pausedAtStep1.status });
    noSteps.spec = { ...noSteps.spec, strategy: { canary: {} } };
    expect(pausedAtStepVerdict(noSteps, 1).state).toBe("pass");
  });

  it("says the whole state while waiting for the index, and when paused there", () => {
    expect(pausedAtStepVerdict(pausedAtStep1, 3)).toEqual({
      state: "pending",
      message: describeRollout(pausedAtStep1),
    });
    expect(pausedAtStepVerdict(pausedAtStep1, 1)).toEqual({
      state: "pass",
      message: describeRollout(pausedAtStep1),
    });
  });

  it("quotes a Degraded rollout's missing message as such", () => {
    const degraded = sampleRollout({ currentStepIndex: 0, phase: "Degraded", message: "" });
    expect(pausedAtStepVerdict(degraded, 1).message).toMatch(
      /^Rollout is Degraded: \(no message\); Degraded, step 0\/4/,
    );
  });
});

describe("promoteConsumedVerdict, in detail", () => {
  it("fails on an abort or a Degraded rollout", () => {
    expect(promoteConsumedVerdict(abortedAtStep1, 1)).toMatchObject({
      state: "fail",
      message: expect.stringMatching(/^Rollout was aborted; /),
    });
    const degraded = sampleRollout({
      currentStepIndex: 1,
      phase: "Degraded",
      message: PROGRESS_DEADLINE_MESSAGE,
    });
    expect(promoteConsumedVerdict(degraded, 1)).toMatchObject({
      state: "fail",
      message: expect.stringMatching(/^Rollout is Degraded: ProgressDeadlineExceeded/),
    });
  });

  it("passes when the pause is released at the same step, and reads a missing index as step 0", () => {
    expect(promoteConsumedVerdict(sampleRollout({ currentStepIndex: 1 }), 1).message).toMatch(
      /^pause released at step 1; Progressing/,
    );
    expect(promoteConsumedVerdict(sampleRollout({}), 0).message).toMatch(/^pause released at step 0; /);
    expect(
      promoteConsumedVerdict(sampleRollout({ ...pausedAtStep1.status, currentStepIndex: undefined }), 0)
        .message,
    ).toMatch(/^still paused at step 0: /);
  });
});
