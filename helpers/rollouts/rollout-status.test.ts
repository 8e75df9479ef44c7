import { describe, expect, it } from "vitest";
import { expectedSplit, podSplit } from "./canary-split";
import { describeRollout, effectivePhase, parseRolloutStatus, rolloutSelector } from "./rollout-status";
import {
  abortedAtStep1,
  CANARY_HASH,
  healthyOnV2,
  pausedAtStep1,
  podsOf,
  rolloutPod,
  STABLE_HASH,
  sampleRollout,
  unpausingAtStep1,
} from "./sample-rollouts";

describe("parseRolloutStatus", () => {
  it("reads a rollout paused at a canary step", () => {
    expect(parseRolloutStatus(pausedAtStep1)).toEqual({
      namespace: "grade",
      name: "grade-submission-api",
      generation: 2,
      observedGeneration: "2",
      generationObserved: true,
      currentStepIndex: 1,
      steps: [{ setWeight: 20 }, { pause: { duration: 30 } }, { setWeight: 50 }, { pause: {} }],
      paused: true,
      pauseReasons: ["CanaryPauseStep"],
      controllerPause: true,
      specPaused: false,
      abort: false,
      phase: "Paused",
      message: "CanaryPauseStep",
      stableRS: STABLE_HASH,
      currentPodHash: CANARY_HASH,
      specReplicas: 3,
      replicas: 4,
      updatedReplicas: 1,
      readyReplicas: 4,
      availableReplicas: 4,
    });
  });

  it("reads omitted counts as 0 and compares observedGeneration as a string", () => {
    const s = parseRolloutStatus(
      sampleRollout({ replicas: undefined, availableReplicas: undefined, observedGeneration: "1" }, 2),
    );
    expect([s.replicas, s.availableReplicas, s.generationObserved]).toEqual([0, 0, false]);
  });
});

describe("effectivePhase", () => {
  it("takes the controller's phase when the spec is observed and nothing is unpausing", () => {
    expect(effectivePhase(pausedAtStep1)).toEqual({ phase: "Paused", message: "CanaryPauseStep" });
    expect(effectivePhase(healthyOnV2)).toEqual({ phase: "Healthy", message: "" });
    expect(effectivePhase(abortedAtStep1)).toEqual({
      phase: "Degraded",
      message: "RolloutAborted: Rollout aborted update to revision 2",
    });
  });

  it("does not trust a stale Paused right after a promote (controllerPause, no pause condition)", () => {
    expect(unpausingAtStep1.status?.phase).toBe("Paused");
    expect(effectivePhase(unpausingAtStep1)).toEqual({
      phase: "Progressing",
      message: "waiting for rollout to unpause",
    });
  });

  it("says Progressing while a new generation is unobserved, whatever status.phase says", () => {
    const stale = sampleRollout({ ...healthyOnV2.status, observedGeneration: "2" }, 3);
    expect(effectivePhase(stale)).toEqual({
      phase: "Progressing",
      message: "waiting for rollout spec update to be observed",
    });
    // As upstream: a non-numeric observedGeneration (a v0.9 hash) counts as observed.
    expect(
      effectivePhase(sampleRollout({ ...healthyOnV2.status, observedGeneration: "5d8f6c9b7" }, 3)).phase,
    ).toBe("Healthy");
  });

  it("says Progressing before the controller has written any phase", () => {
    expect(effectivePhase({ metadata: { name: "x", generation: 1 } }).phase).toBe("Progressing");
  });
});

describe("describeRollout", () => {
  it("puts the whole state on one line", () => {
    expect(describeRollout(pausedAtStep1)).toBe(
      `Paused (CanaryPauseStep), step 1/4, pauseConditions [CanaryPauseStep], controllerPause, stable ${STABLE_HASH} current ${CANARY_HASH}, 4 pods (1 updated, 4 ready, 4 available), generation 2 observed 2`,
    );
  });

  it("finds the pods by spec.selector.matchLabels", () => {
    expect(rolloutSelector(pausedAtStep1)).toEqual({ app: "grade-submission-api" });
  });
});

describe("podSplit", () => {
  it("counts canary and stable pods by rollouts-pod-template-hash, live pods only", () => {
    const pods = [
      ...podsOf(1, 3),
      rolloutPod("old", STABLE_HASH, { deleting: true }),
      rolloutPod("x", "5d4c3b2a19"),
    ];
    const split = podSplit(pausedAtStep1, pods);
    expect(split).toMatchObject({
      canary: 1,
      stable: 3,
      canaryReady: 1,
      stableReady: 3,
      other: 1,
      terminating: 1,
    });
    expect(split.description).toBe("1 canary + 3 stable (1 other, 1 terminating)");
  });

  it("counts every current pod as stable once stableRS is the current hash", () => {
    const pods = [rolloutPod("a", CANARY_HASH), rolloutPod("b", CANARY_HASH), rolloutPod("c", CANARY_HASH)];
    expect(podSplit(healthyOnV2, pods).description).toBe("0 canary + 3 stable");
  });
});

describe("expectedSplit (approximateWeightedCanaryStableReplicaCounts, maxSurge 1 of 3)", () => {
  it("gives the course's split: 20% → 1 + 3, 50% → 2 + 2, abort → 0 + 3, done → 3 + 0", () => {
    expect(expectedSplit(20, 3)).toEqual({ canary: 1, stable: 3 });
    expect(expectedSplit(50, 3)).toEqual({ canary: 2, stable: 2 });
    expect(expectedSplit(0, 3)).toEqual({ canary: 0, stable: 3 });
    expect(expectedSplit(100, 3)).toEqual({ canary: 3, stable: 0 });
  });

  it("matches upstream's table without surge and for other sizes (canary_test.go TestApproximateWeightedNewStableReplicaCounts)", () => {
    const rows: [weight: number, replicas: number, maxSurge: number, canary: number, stable: number][] = [
      [20, 3, 0, 1, 2],
      [50, 3, 0, 2, 1],
      [25, 3, 1, 1, 3],
      [49, 3, 1, 2, 2],
      [33, 3, 1, 1, 2],
      [49, 1, 0, 0, 1],
      [1, 1, 1, 1, 1],
      [99, 2, 1, 2, 1],
      [24, 10, 1, 3, 8],
      [15, 10, 0, 2, 8],
      [50, 0, 1, 0, 0],
    ];
    for (const [weight, replicas, maxSurge, canary, stable] of rows) {
      expect(
        expectedSplit(weight, replicas, { maxSurge }),
        `w=${weight} r=${replicas} surge=${maxSurge}`,
      ).toEqual({
        canary,
        stable,
      });
    }
  });

  it("refuses a weight outside 0-100", () => {
    expect(() => expectedSplit(120, 3)).toThrow("setWeight must be an integer from 0 to 100, got 120");
  });
});
