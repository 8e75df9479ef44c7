import { describe, expect, it } from "vitest";
import { podSplit } from "./canary-split";
import {
  describeRollout,
  effectivePhase,
  parseRolloutStatus,
  rolloutSelector,
  templateImages,
} from "./rollout-status";
import {
  abortedAtStep1,
  CANARY_HASH,
  healthyOnV2,
  pausedAtStep1,
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

describe("parseRolloutStatus and describeRollout, for sparse objects", () => {
  it("reads a Rollout the controller has not touched with defaults, and says so", () => {
    const bare = { metadata: {} };
    expect(parseRolloutStatus(bare)).toMatchObject({
      namespace: "",
      name: "",
      generation: undefined,
      generationObserved: false,
      steps: [],
      paused: false,
      pauseReasons: [],
      controllerPause: false,
      specPaused: false,
      abort: false,
      specReplicas: 1,
      replicas: 0,
      updatedReplicas: 0,
      readyReplicas: 0,
      availableReplicas: 0,
    });
    expect(describeRollout(bare)).toBe(
      "Progressing (the controller has not written status.phase yet), no steps, pauseConditions [], stable none current none, 0 pods (0 updated, 0 ready, 0 available), generation ? observed never",
    );
  });

  it("lists a manual pause, an abort and a step index not set yet", () => {
    const ro = sampleRollout({ abort: true, phase: "Healthy", message: "" });
    ro.spec = { ...ro.spec, paused: true };
    expect(describeRollout(ro)).toBe(
      `Healthy, step -/4, pauseConditions [], spec.paused, abort, stable ${STABLE_HASH} current ${CANARY_HASH}, 4 pods (1 updated, 4 ready, 4 available), generation 2 observed 2`,
    );
    expect(parseRolloutStatus(ro)).toMatchObject({ specPaused: true, abort: true, controllerPause: false });
  });

  it("needs status.observedGeneration to be this generation, written as a string", () => {
    expect(parseRolloutStatus(sampleRollout({ observedGeneration: "2" }, 2)).generationObserved).toBe(true);
    expect(parseRolloutStatus(sampleRollout({ observedGeneration: "3" }, 2)).generationObserved).toBe(false);
    const noGeneration = sampleRollout({ observedGeneration: "undefined" });
    noGeneration.metadata.generation = undefined;
    expect(parseRolloutStatus(noGeneration).generationObserved).toBe(false);
  });
});

describe("effectivePhase, as upstream's isGenerationObserved", () => {
  const withObserved = (observedGeneration: string | undefined, generation = 3) =>
    effectivePhase(sampleRollout({ ...healthyOnV2.status, observedGeneration }, generation)).phase;

  it("counts a greater, equal, empty or signed-number observedGeneration by value", () => {
    expect(withObserved("4")).toBe("Healthy");
    expect(withObserved("3")).toBe("Healthy");
    expect(withObserved("+3")).toBe("Healthy");
    expect(withObserved("+2")).toBe("Progressing");
    expect(withObserved("-1")).toBe("Progressing");
    expect(withObserved(undefined)).toBe("Healthy");
    expect(withObserved("")).toBe("Healthy");
    expect(withObserved("2a")).toBe("Healthy");
    expect(withObserved("a2")).toBe("Healthy");
    expect(withObserved("11", 12)).toBe("Progressing");
    expect(withObserved("12", 12)).toBe("Healthy");
  });

  it("compares with generation 0 when metadata.generation is missing", () => {
    const ro = sampleRollout({ ...healthyOnV2.status, observedGeneration: "0" });
    ro.metadata.generation = undefined;
    expect(effectivePhase(ro).phase).toBe("Healthy");
  });

  it("takes controllerPause alone as unpausing only when no pause condition is left", () => {
    expect(effectivePhase(sampleRollout({ ...pausedAtStep1.status, pauseConditions: [] })).phase).toBe(
      "Progressing",
    );
    expect(
      effectivePhase(
        sampleRollout({ ...pausedAtStep1.status, controllerPause: false, pauseConditions: null }),
      ).phase,
    ).toBe("Paused");
  });

  it("gives an empty message when the controller wrote none", () => {
    expect(effectivePhase(sampleRollout({ phase: "Progressing", message: undefined }))).toEqual({
      phase: "Progressing",
      message: "",
    });
  });
});

describe("the Rollout's pods and images", () => {
  it("refuses a Rollout without a selector, naming it", () => {
    const ro = sampleRollout({});
    ro.spec = { ...ro.spec, selector: { matchLabels: {} } };
    expect(() => rolloutSelector(ro)).toThrow(
      "Rollout grade/grade-submission-api has no spec.selector.matchLabels to find its pods by",
    );
    ro.spec = { ...ro.spec, selector: undefined };
    expect(() => rolloutSelector(ro)).toThrow(/has no spec\.selector\.matchLabels/);
  });

  it("lists the template's images, skipping containers without one", () => {
    const ro = sampleRollout({});
    ro.spec = {
      ...ro.spec,
      template: { spec: { containers: [{ name: "app", image: "app:v2" }, { name: "sidecar" }] } },
    };
    expect(templateImages(ro)).toEqual(["app:v2"]);
    expect(templateImages({ metadata: {} })).toEqual([]);
  });
});

describe("a Rollout with an empty spec, and several pause reasons", () => {
  it("reads no steps, refuses to guess its pods and lists no images", () => {
    const empty = { metadata: { namespace: "grade", name: "x" }, spec: {} };
    expect(parseRolloutStatus(empty).steps).toEqual([]);
    expect(parseRolloutStatus({ ...empty, spec: { strategy: {} } }).steps).toEqual([]);
    expect(() => rolloutSelector(empty)).toThrow("Rollout grade/x has no spec.selector.matchLabels");
    expect(templateImages(empty)).toEqual([]);
    expect(templateImages({ ...empty, spec: { template: {} } })).toEqual([]);
  });

  it("lists every pause reason", () => {
    const ro = sampleRollout({
      ...pausedAtStep1.status,
      pauseConditions: [{ reason: "CanaryPauseStep" }, { reason: "InconclusiveAnalysisRun" }],
    });
    expect(describeRollout(ro)).toContain("pauseConditions [CanaryPauseStep, InconclusiveAnalysisRun]");
  });

  it("counts a pod without labels as another revision's", () => {
    const unlabelled = rolloutPod("u", CANARY_HASH);
    if (unlabelled.metadata) unlabelled.metadata.labels = undefined;
    expect(podSplit(pausedAtStep1, [unlabelled]).other).toBe(1);
  });
});
