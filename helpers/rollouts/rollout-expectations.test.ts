import { describe, expect, it } from "vitest";
import { makeKubeClients } from "../kube/kube-clients";
import { listBody, useStubKubeApi } from "../kube/stub-kube-api";
import { waitUntil } from "../wait/wait-until";
import { expectedSplit } from "./canary-split";
import { rolloutPath } from "./rollout-api";
import {
  abortedToStableVerdict,
  pausedAtStepVerdict,
  podSplitVerdict,
  promoteConsumedVerdict,
  rolloutHealthy,
  rolloutHealthyVerdict,
  rolloutPausedAtStep,
} from "./rollout-expectations";
import {
  abortedAtStep1,
  CANARY_HASH,
  healthyOnV2,
  IMAGE_V1,
  IMAGE_V2,
  pausedAtStep1,
  pausedAtStep3,
  podsOf,
  rolloutPod,
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
    const stuck = rolloutPod("c", CANARY_HASH, { ready: false });
    stuck.status = {
      phase: "Pending",
      containerStatuses: [
        {
          name: "app",
          image: IMAGE_V2,
          imageID: "",
          ready: false,
          restartCount: 0,
          state: { waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "${IMAGE_V2}"` } },
        },
      ],
    };
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
