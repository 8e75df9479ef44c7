import { describe, expect, it } from "vitest";
import { makeKubeClients } from "../kube/kube-clients";
import { listBody, statusBody, useStubKubeApi } from "../kube/stub-kube-api";
import { waitUntil } from "../wait/wait-until";
import { expectedSplit } from "./canary-split";
import { rolloutPath } from "./rollout-api";
import {
  abortedToStableVerdict,
  pausedAtStepVerdict,
  podSplitVerdict,
  promoteConsumed,
  promoteConsumedVerdict,
  rolloutAbortedToStable,
  rolloutHealthy,
  rolloutHealthyVerdict,
  rolloutPausedAtStep,
  rolloutPodSplit,
} from "./rollout-expectations";
import { describeRollout } from "./rollout-status";
import {
  abortedAtStep1,
  CANARY_HASH,
  canaryPodWaitingOnImage,
  healthyOnV2,
  IMAGE_V1,
  IMAGE_V2,
  pausedAtStep1,
  pausedAtStep3,
  podsOf,
  rolloutPod,
  STABLE_HASH,
  sampleRollout,
  unpausingAtStep1,
} from "./sample-rollouts";

const progressDeadline =
  'ProgressDeadlineExceeded: ReplicaSet "grade-submission-api-7c94d6f8b4" has timed out progressing.';
/** The controller has set the step index to the pause step; the pause condition comes in the next reconcile. */
const indexOnlyAtStep1 = sampleRollout({ currentStepIndex: 1 });

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
    const degraded = sampleRollout({ currentStepIndex: 0, phase: "Degraded", message: progressDeadline });
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
    const degraded = sampleRollout({ phase: "Degraded", message: progressDeadline });
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

describe("rollout expectations against a stub API server", () => {
  const stubs = useStubKubeApi();

  it("rolloutPausedAtStep waits through the reconcile that sets the index before the pause condition", async () => {
    const states = [indexOnlyAtStep1, indexOnlyAtStep1, pausedAtStep1];
    const stub = await stubs.start([
      {
        method: "GET",
        path: rolloutPath("grade", "grade-submission-api"),
        reply: () => ({ body: states.shift() ?? pausedAtStep1 }),
      },
    ]);
    const result = await waitUntil(
      rolloutPausedAtStep(makeKubeClients(stub.kubeconfig), "grade", "grade-submission-api", 1),
      {
        timeout: 5_000,
      },
    );
    expect(result.description).toBe("Rollout grade/grade-submission-api paused at step 1");
    expect(result.polls).toBe(3);
  });

  it("rolloutHealthy lists the pods by the Rollout's selector", async () => {
    const stub = await stubs.start([
      {
        method: "GET",
        path: rolloutPath("grade", "grade-submission-api"),
        reply: () => ({ body: healthyOnV2 }),
      },
      {
        method: "GET",
        path: "/api/v1/namespaces/grade/pods",
        reply: () =>
          listBody(
            "PodList",
            ["a", "b", "c"].map((n) => rolloutPod(n, CANARY_HASH)),
          ),
      },
    ]);
    const verdict = await rolloutHealthy(
      makeKubeClients(stub.kubeconfig),
      "grade",
      "grade-submission-api",
      IMAGE_V2,
    ).check();
    expect(verdict.state).toBe("pass");
    expect(stub.requests.map((r) => r.query.get("labelSelector"))).toEqual([
      null,
      "app=grade-submission-api",
    ]);
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
    const degraded = sampleRollout({ currentStepIndex: 1, phase: "Degraded", message: progressDeadline });
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

describe("rollout expectations' names, and a Rollout not there", () => {
  const stubs = useStubKubeApi();

  it("say what they wait for, and wait while the Rollout does not exist", async () => {
    const stub = await stubs.start([
      {
        method: "GET",
        path: rolloutPath("grade", "grade-submission-api"),
        reply: () => statusBody(404, "NotFound", 'rollouts.argoproj.io "grade-submission-api" not found'),
      },
    ]);
    const k = makeKubeClients(stub.kubeconfig);
    const names = [
      rolloutPausedAtStep(k, "grade", "grade-submission-api", 1),
      promoteConsumed(k, "grade", "grade-submission-api", 1),
      rolloutHealthy(k, "grade", "grade-submission-api", IMAGE_V2),
      rolloutAbortedToStable(k, "grade", "grade-submission-api"),
      rolloutPodSplit(k, "grade", "grade-submission-api", { canary: 1, stable: 3 }),
    ];
    expect(names.map((e) => e.description)).toEqual([
      "Rollout grade/grade-submission-api paused at step 1",
      "Rollout grade/grade-submission-api past the pause at step 1 (promote consumed)",
      `Rollout grade/grade-submission-api Healthy on ${IMAGE_V2}`,
      "Rollout grade/grade-submission-api aborted back to its stable pods",
      "Rollout grade/grade-submission-api at 1 canary + 3 stable pods",
    ]);
    for (const exp of names) {
      expect(await exp.check()).toEqual({
        state: "pending",
        message: "Rollout grade/grade-submission-api not found",
      });
    }
  });

  it("read the Rollout and its pods", async () => {
    const stub = await stubs.start([
      {
        method: "GET",
        path: rolloutPath("grade", "grade-submission-api"),
        reply: () => ({ body: abortedAtStep1 }),
      },
      {
        method: "GET",
        path: "/api/v1/namespaces/grade/pods",
        reply: () => listBody("PodList", podsOf(0, 3)),
      },
    ]);
    const k = makeKubeClients(stub.kubeconfig);
    expect((await rolloutAbortedToStable(k, "grade", "grade-submission-api").check()).state).toBe("pass");
    expect(
      (await rolloutPodSplit(k, "grade", "grade-submission-api", { canary: 0, stable: 3 }).check()).state,
    ).toBe("fail");
    expect((await promoteConsumed(k, "grade", "grade-submission-api", 0).check()).state).toBe("fail");
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
