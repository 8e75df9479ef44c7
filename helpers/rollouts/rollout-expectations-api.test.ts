import { describe, expect, it } from "vitest";
import { makeKubeClients } from "../kube/kube-clients";
import { listBody, statusBody, useStubKubeApi } from "../kube/stub-kube-api";
import { waitUntil } from "../wait/wait-until";
import { rolloutPath } from "./rollout-api";
import {
  promoteConsumed,
  rolloutAbortedToStable,
  rolloutHealthy,
  rolloutPausedAtStep,
  rolloutPodSplit,
} from "./rollout-expectations";
import {
  abortedAtStep1,
  CANARY_HASH,
  healthyOnV2,
  IMAGE_V2,
  indexOnlyAtStep1,
  pausedAtStep1,
  podsOf,
  rolloutPod,
} from "./sample-rollouts";

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
