import { describe, expect, it } from "vitest";
import { expectedSplit } from "./canary-split";
import { abortedToStableVerdict, podSplitVerdict, rolloutHealthyVerdict } from "./rollout-expectations";
import { describeRollout } from "./rollout-status";
import {
  abortedAtStep1,
  CANARY_HASH,
  canaryPodWaitingOnImage,
  healthyOnV2,
  IMAGE_V1,
  IMAGE_V2,
  PROGRESS_DEADLINE_MESSAGE,
  pausedAtStep1,
  pausedAtStep3,
  podsOf,
  rolloutPod,
  STABLE_HASH,
  sampleRollout,
} from "./sample-rollouts";

describe("rolloutHealthyVerdict", () => {
  const v2Pods = () => [
    rolloutPod("a", CANARY_HASH),
    rolloutPod("b", CANARY_HASH),
    rolloutPod("c", CANARY_HASH),
  ];

  it("passes on Healthy, stableRS === currentPodHash and every pod Ready on the image", () => {
    expect(rolloutHealthyVerdict(healthyOnV2, v2Pods(), IMAGE_V2).state).toBe("pass");
  });

  it("is pending while pods still settle or Git's image has not reached the spec", () => {
    const [a, b] = v2Pods();
    if (!a || !b) throw new Error("unreachable");
    expect(
      rolloutHealthyVerdict(healthyOnV2, [a, b, rolloutPod("c", CANARY_HASH, { ready: false })], IMAGE_V2)
        .message,
    ).toMatch(/^2 of 3 pods stable, Ready and on .* \(3 live\);/);
    expect(rolloutHealthyVerdict(healthyOnV2, v2Pods(), IMAGE_V1).message).toMatch(
      /^spec.template is on .*:8d41e07;/,
    );
    expect(rolloutHealthyVerdict(pausedAtStep3, podsOf(2, 2), IMAGE_V2).state).toBe("pending");
    // A stale Healthy for the previous generation.
    expect(rolloutHealthyVerdict(sampleRollout({ ...healthyOnV2.status }, 3), v2Pods(), IMAGE_V2).state).toBe(
      "pending",
    );
  });

  it("fails fast when a pod cannot pull its image, or the rollout is Degraded", () => {
    const stuck = canaryPodWaitingOnImage("c", "ImagePullBackOff", `Back-off pulling image "${IMAGE_V2}"`);
    const progressing = sampleRollout({ currentStepIndex: 0 });
    expect(rolloutHealthyVerdict(progressing, [stuck], IMAGE_V2).message).toBe(
      `pod grade-submission-api-${CANARY_HASH}-c container app is in ImagePullBackOff: Back-off pulling image "${IMAGE_V2}"; 1 pod: grade-submission-api-${CANARY_HASH}-c Pending (ImagePullBackOff)`,
    );
    const degraded = sampleRollout({ phase: "Degraded", message: PROGRESS_DEADLINE_MESSAGE });
    expect(rolloutHealthyVerdict(degraded, v2Pods(), IMAGE_V2).state).toBe("fail");
  });
});

describe("abortedToStableVerdict", () => {
  it("passes with status.abort, 0 live canary pods and all stable pods Ready", () => {
    const terminatingCanary = rolloutPod("c0", CANARY_HASH, { deleting: true });
    expect(abortedToStableVerdict(abortedAtStep1, [terminatingCanary, ...podsOf(0, 3)])).toMatchObject({
      state: "pass",
      message: expect.stringMatching(/^0 canary \+ 3 stable \(1 terminating\); Degraded \(RolloutAborted: /),
    });
  });

  it("is pending while the canary is still scaling down or abort is not set", () => {
    expect(abortedToStableVerdict(abortedAtStep1, podsOf(1, 3)).message).toMatch(
      /^1 canary \+ 3 stable, 3 stable Ready, want 0 canary \+ 3 stable Ready;/,
    );
    expect(abortedToStableVerdict(pausedAtStep1, podsOf(0, 3)).message).toMatch(/^status.abort is not set;/);
  });
});

describe("podSplitVerdict", () => {
  it("checks the expected canary/stable split at each pause", () => {
    expect(podSplitVerdict(pausedAtStep1, podsOf(1, 3), expectedSplit(20, 3)).state).toBe("pass");
    expect(podSplitVerdict(pausedAtStep3, podsOf(2, 2), expectedSplit(50, 3)).state).toBe("pass");
    expect(podSplitVerdict(pausedAtStep3, podsOf(2, 3), expectedSplit(50, 3)).message).toMatch(
      /^2 canary \+ 3 stable \(2 \+ 3 Ready\), want 2 canary \+ 2 stable;/,
    );
  });
});

describe("rolloutHealthyVerdict, in detail", () => {
  const v2Pods = () => [
    rolloutPod("a", CANARY_HASH),
    rolloutPod("b", CANARY_HASH),
    rolloutPod("c", CANARY_HASH),
  ];

  it("passes with the whole state and the pods", () => {
    expect(rolloutHealthyVerdict(healthyOnV2, v2Pods(), IMAGE_V2).message).toBe(
      `${describeRollout(healthyOnV2)}; 3 pods: ${v2Pods()
        .map((p) => `${p.metadata?.name} Running ready`)
        .join(", ")}`,
    );
  });

  it("waits on a template without an image, a new generation, another phase or stableRS not yet moved", () => {
    const noImage = sampleRollout({ ...healthyOnV2.status });
    noImage.spec = { ...noImage.spec, template: { spec: { containers: [{ name: "app" }] } } };
    expect(rolloutHealthyVerdict(noImage, v2Pods(), IMAGE_V2).message).toMatch(
      /^spec.template is on no image; /,
    );
    expect(
      rolloutHealthyVerdict(sampleRollout({ ...healthyOnV2.status }, 3), v2Pods(), IMAGE_V2).message,
    ).toMatch(/^generation 3 not observed yet; /);
    const progressing = sampleRollout({ ...healthyOnV2.status, phase: "Progressing", message: "" });
    expect(rolloutHealthyVerdict(progressing, v2Pods(), IMAGE_V2)).toEqual({
      state: "pending",
      message: describeRollout(progressing),
    });
    const notMoved = sampleRollout({ ...healthyOnV2.status, stableRS: STABLE_HASH });
    expect(rolloutHealthyVerdict(notMoved, v2Pods(), IMAGE_V2).message).toMatch(
      /^stableRS is not currentPodHash yet; /,
    );
    const noStable = sampleRollout({ ...healthyOnV2.status, stableRS: undefined, currentPodHash: undefined });
    expect(rolloutHealthyVerdict(noStable, v2Pods(), IMAGE_V2).message).toMatch(
      /^stableRS is not currentPodHash yet; /,
    );
  });

  it("fails on an abort of this revision", () => {
    expect(
      rolloutHealthyVerdict(sampleRollout({ ...healthyOnV2.status, abort: true }), v2Pods(), IMAGE_V2),
    ).toMatchObject({
      state: "fail",
      message: expect.stringMatching(/^Rollout was aborted; /),
    });
  });

  it("counts only stable, Ready pods on the image, and wants no extra live pod", () => {
    const extra = [...v2Pods(), rolloutPod("d", CANARY_HASH)];
    expect(rolloutHealthyVerdict(healthyOnV2, extra, IMAGE_V2).message).toMatch(
      /^4 of 3 pods stable, Ready and on .*:8d41e07 \(4 live\); /,
    );
    const old = [...v2Pods(), rolloutPod("s", STABLE_HASH)];
    expect(rolloutHealthyVerdict(healthyOnV2, old, IMAGE_V2).message).toMatch(
      /^3 of 3 pods stable, Ready and on .* \(4 live\); /,
    );
    const [a, b] = v2Pods();
    if (!a || !b) throw new Error("unreachable");
    const wrongImage = rolloutPod("c", CANARY_HASH, { image: IMAGE_V1 });
    expect(rolloutHealthyVerdict(healthyOnV2, [a, b, wrongImage], IMAGE_V2).message).toMatch(
      /^2 of 3 pods stable, Ready and on .* \(3 live\); /,
    );
    const leaving = rolloutPod("c", CANARY_HASH, { deleting: true });
    expect(rolloutHealthyVerdict(healthyOnV2, [a, b, leaving], IMAGE_V2).message).toMatch(
      /^2 of 3 pods stable, Ready and on .* \(2 live\); /,
    );
  });
});

describe("abortedToStableVerdict and podSplitVerdict, in detail", () => {
  it("waits while a pod of another revision is left, stable pods are missing or not Ready", () => {
    expect(
      abortedToStableVerdict(abortedAtStep1, [...podsOf(0, 3), rolloutPod("x", "5d4c3b2a19")]).state,
    ).toBe("pending");
    expect(abortedToStableVerdict(abortedAtStep1, podsOf(0, 2)).message).toMatch(
      /^0 canary \+ 2 stable, 2 stable Ready, want 0 canary \+ 3 stable Ready; /,
    );
    const notReady = [...podsOf(0, 2), rolloutPod("s2", STABLE_HASH, { ready: false })];
    expect(abortedToStableVerdict(abortedAtStep1, notReady).message).toMatch(
      /^0 canary \+ 3 stable, 2 stable Ready, want 0 canary \+ 3 stable Ready; /,
    );
  });

  it("checks the split's readiness and leftovers too, and fails on Degraded or a blocked pod", () => {
    const want = expectedSplit(20, 3);
    expect(podSplitVerdict(pausedAtStep1, podsOf(1, 3), want).message).toBe(
      `1 canary + 3 stable (1 + 3 Ready), want 1 canary + 3 stable; ${describeRollout(pausedAtStep1)}`,
    );
    const canaryNotReady = [rolloutPod("c0", CANARY_HASH, { ready: false }), ...podsOf(0, 3)];
    expect(podSplitVerdict(pausedAtStep1, canaryNotReady, want).state).toBe("pending");
    const stableNotReady = [...podsOf(1, 2), rolloutPod("s2", STABLE_HASH, { ready: false })];
    expect(podSplitVerdict(pausedAtStep1, stableNotReady, want).state).toBe("pending");
    expect(podSplitVerdict(pausedAtStep1, [...podsOf(1, 3), rolloutPod("x", "5d4c3b2a19")], want).state).toBe(
      "pending",
    );
    expect(podSplitVerdict(pausedAtStep1, podsOf(1, 2), want).state).toBe("pending");
    expect(podSplitVerdict(pausedAtStep1, podsOf(0, 3), want).state).toBe("pending");
    expect(podSplitVerdict(abortedAtStep1, podsOf(0, 3), { canary: 0, stable: 3 }).state).toBe("fail");
    const stuck = canaryPodWaitingOnImage("c0", "ErrImagePull", "not found");
    expect(podSplitVerdict(pausedAtStep1, [stuck, ...podsOf(0, 3)], want)).toMatchObject({
      state: "fail",
      message: expect.stringMatching(/container app is in ErrImagePull: not found; 4 pods: /),
    });
  });
});

describe("the verdicts' pod counts, at the edges", () => {
  it("names every image of the template while waiting for it", () => {
    const two = sampleRollout({ ...healthyOnV2.status });
    two.spec = {
      ...two.spec,
      template: {
        spec: {
          containers: [
            { name: "app", image: "app:v1" },
            { name: "proxy", image: "proxy:v1" },
          ],
        },
      },
    };
    expect(rolloutHealthyVerdict(two, [], IMAGE_V2).message).toMatch(
      /^spec.template is on app:v1, proxy:v1; /,
    );
  });

  it("does not count a pod of another revision on the image as stable", () => {
    const [a, b] = [rolloutPod("a", CANARY_HASH), rolloutPod("b", CANARY_HASH)];
    const oldHashNewImage = rolloutPod("c", STABLE_HASH, { image: IMAGE_V2 });
    expect(rolloutHealthyVerdict(healthyOnV2, [a, b, oldHashNewImage], IMAGE_V2).message).toMatch(
      /^2 of 3 pods stable, Ready and on .* \(3 live\); /,
    );
  });

  it("wants exactly spec.replicas stable pods after an abort, not more", () => {
    expect(abortedToStableVerdict(abortedAtStep1, podsOf(0, 4)).message).toMatch(
      /^0 canary \+ 4 stable, 4 stable Ready, want 0 canary \+ 3 stable Ready; /,
    );
    const oneMoreStarting = [...podsOf(0, 3), rolloutPod("s3", STABLE_HASH, { ready: false })];
    expect(abortedToStableVerdict(abortedAtStep1, oneMoreStarting).state).toBe("pending");
  });

  it("wants no extra canary or stable pod at a pause, even a Ready count that matches", () => {
    const want = { canary: 1, stable: 3 };
    const extraCanary = [...podsOf(1, 3), rolloutPod("c9", CANARY_HASH, { ready: false })];
    expect(podSplitVerdict(pausedAtStep1, extraCanary, want).state).toBe("pending");
    const extraStable = [...podsOf(1, 3), rolloutPod("s9", STABLE_HASH, { ready: false })];
    expect(podSplitVerdict(pausedAtStep1, extraStable, want).state).toBe("pending");
  });
});
