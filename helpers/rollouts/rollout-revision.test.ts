import { describe, expect, it } from "vitest";
import {
  atRevisionVerdict,
  REVISION_ANNOTATION,
  rolloutSnapshot,
  untouchedVerdict,
} from "./rollout-revision";
import type { RolloutObject } from "./rollout-status";
import { CANARY_HASH, healthyOnV2, pausedAtStep1, sampleRollout } from "./sample-rollouts";

const at = (ro: RolloutObject, revision: string): RolloutObject => ({
  ...ro,
  metadata: { ...ro.metadata, annotations: { [REVISION_ANNOTATION]: revision } },
});

/** The first revision as the controller leaves it: promoted at once, every step marked done. */
const firstRevision = at(sampleRollout({ ...healthyOnV2.status, observedGeneration: "1" }, 1), "1");

describe("atRevisionVerdict", () => {
  it("passes at the first revision with every step done and no pause", () => {
    expect(atRevisionVerdict(firstRevision, "1")).toMatchObject({
      state: "pass",
      message: expect.stringMatching(/^revision 1, Healthy, step 4\/4, /),
    });
  });

  it("is pending before the controller annotated or observed it", () => {
    expect(
      atRevisionVerdict({ ...firstRevision, metadata: { ...firstRevision.metadata, annotations: {} } }, "1")
        .state,
    ).toBe("pending");
    const unobserved = at(sampleRollout({ ...healthyOnV2.status, observedGeneration: "1" }, 2), "1");
    expect(atRevisionVerdict(unobserved, "1").state).toBe("pending");
  });

  it("fails when the first revision paused at a step, or a later revision exists", () => {
    expect(atRevisionVerdict(at(pausedAtStep1, "1"), "1").message).toMatch(
      /^revision 1 stopped at a pause step instead of being promoted at once/,
    );
    expect(atRevisionVerdict(at(healthyOnV2, "2"), "1").state).toBe("fail");
  });
});

describe("untouchedVerdict", () => {
  it("passes while generation, revision and stable ReplicaSet stay, fails on any change", () => {
    const before = rolloutSnapshot(firstRevision);
    expect(untouchedVerdict(firstRevision, before).state).toBe("pass");
    const reapplied = { ...firstRevision, metadata: { ...firstRevision.metadata, generation: 2 } };
    expect(untouchedVerdict(reapplied, before).message).toMatch(
      /^the Rollout changed: generation 2, revision 1, stable /,
    );
    const rolled = at({ ...firstRevision, status: { ...firstRevision.status, stableRS: "x" } }, "2");
    expect(untouchedVerdict(rolled, before).state).toBe("fail");
    expect(untouchedVerdict(undefined, before)).toEqual({ state: "fail", message: "the Rollout is gone" });
    expect(before.stableRS).toBe(CANARY_HASH);
  });
});
