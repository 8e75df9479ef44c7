import { describe, expect, it } from "vitest";
import { makeKubeClients } from "../kube/kube-clients";
import { statusBody, useStubKubeApi } from "../kube/stub-kube-api";
import { abort, promote, promotePatches, promoteRefusal } from "./rollout-actions";
import { rolloutPath } from "./rollout-api";
import type { RolloutObject } from "./rollout-status";
import { pausedAtStep1, pausedAtStep3, sampleRollout, unpausingAtStep1 } from "./sample-rollouts";

const NS = "grade";
const NAME = "grade-submission-api";
const main = rolloutPath(NS, NAME);
const status = rolloutPath(NS, NAME, "status");

/** Step 2 (setWeight 50) in progress: no pause condition, the state in which the plugin would skip a step. */
const atWeight50 = sampleRollout({ currentStepIndex: 2, controllerPause: false });

describe("promotePatches (promote.go getPatches, no flags)", () => {
  it("clears the pause conditions, and nothing else, at a pause step", () => {
    expect(promotePatches(pausedAtStep1)).toEqual({
      status: { status: { pauseConditions: null } },
      spec: undefined,
      branch: "clear-pause-conditions",
    });
  });

  it("also unpauses the spec when spec.paused is true", () => {
    const manual = { ...pausedAtStep3, spec: { ...pausedAtStep3.spec, paused: true } };
    expect(promotePatches(manual).spec).toEqual({ spec: { paused: false } });
  });

  it("without a pause condition would skip the current step", () => {
    expect(promotePatches(atWeight50)).toEqual({
      status: { status: { pauseConditions: null, currentStepIndex: 3 } },
      spec: undefined,
      branch: "skip-step",
    });
  });

  it("moves past an Inconclusive analysis, clearing controllerPause", () => {
    const inconclusive = sampleRollout({
      ...pausedAtStep1.status,
      pauseConditions: [{ reason: "InconclusiveAnalysisRun", startTime: "2025-11-26T14:02:11Z" }],
      canary: { currentStepAnalysisRunStatus: { status: "Inconclusive" } },
    });
    expect(promotePatches(inconclusive).status).toEqual({
      status: { pauseConditions: null, controllerPause: false, currentStepIndex: 2 },
    });
  });
});

describe("promoteRefusal", () => {
  it("allows a promote only with a pause condition on an observed spec", () => {
    expect(promoteRefusal(pausedAtStep1)).toBeUndefined();
    expect(promoteRefusal(atWeight50)).toBe(
      'it has no pause condition, so kubectl argo rollouts promote would skip step 2 (status patch {"status":{"pauseConditions":null,"currentStepIndex":3}}) instead of resuming a pause; wait for rolloutPausedAtStep first',
    );
    expect(promoteRefusal(unpausingAtStep1)).toMatch(/^a previous promote has not been acted on yet/);
    expect(promoteRefusal(sampleRollout({ ...pausedAtStep1.status, observedGeneration: "1" }))).toBe(
      "the controller has not observed generation 2 yet (observedGeneration 1)",
    );
  });
});

describe("promote and abort against a stub API server", () => {
  const stubs = useStubKubeApi();

  /** Clients of a stub that serves `rollout`, and the requests it received so far. */
  async function serve(rollout: RolloutObject) {
    const stub = await stubs.start([
      { method: "GET", path: main, reply: () => ({ body: rollout }) },
      { method: "PATCH", path: status, reply: () => ({ body: rollout }) },
      { method: "PATCH", path: main, reply: () => ({ body: rollout }) },
    ]);
    const shapes = () =>
      stub.requests.map((r) => ({
        method: r.method,
        path: r.path,
        contentType: r.contentType,
        body: r.body,
      }));
    return { k: makeKubeClients(stub.kubeconfig), shapes };
  }

  it("promote GETs, then sends a merge patch clearing pauseConditions to the status subresource", async () => {
    const { k, shapes } = await serve(pausedAtStep1);
    const result = await promote(k, NS, NAME);
    expect(result.patches.branch).toBe("clear-pause-conditions");
    expect(shapes()).toEqual([
      { method: "GET", path: main, contentType: undefined, body: undefined },
      {
        method: "PATCH",
        path: "/apis/argoproj.io/v1alpha1/namespaces/grade/rollouts/grade-submission-api/status",
        contentType: "application/merge-patch+json",
        body: { status: { pauseConditions: null } },
      },
    ]);
  });

  it("promote of a spec.paused rollout patches status first, then the main resource", async () => {
    const { k, shapes } = await serve({ ...pausedAtStep3, spec: { ...pausedAtStep3.spec, paused: true } });
    await promote(k, NS, NAME);
    expect(shapes().slice(1)).toEqual([
      {
        method: "PATCH",
        path: status,
        contentType: "application/merge-patch+json",
        body: { status: { pauseConditions: null } },
      },
      {
        method: "PATCH",
        path: main,
        contentType: "application/merge-patch+json",
        body: { spec: { paused: false } },
      },
    ]);
  });

  it("promote refuses before a pause condition exists, and sends no patch", async () => {
    const { k, shapes } = await serve(atWeight50);
    const error = await promote(k, NS, NAME).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^Refusing to promote Rollout grade\/grade-submission-api: it has no pause condition, so kubectl argo rollouts promote would skip step 2 .* State: Progressing \(more replicas need to be updated\), step 2\/4, /,
    );
    expect(shapes().map((r) => r.method)).toEqual(["GET"]);
  });

  it("promote reports a failed status patch in one line", async () => {
    const stub = await stubs.start([
      { method: "GET", path: main, reply: () => ({ body: pausedAtStep1 }) },
      {
        method: "PATCH",
        path: status,
        reply: () =>
          statusBody(
            403,
            "Forbidden",
            'rollouts.argoproj.io "grade-submission-api" is forbidden: User "dev-user" cannot patch resource "rollouts/status" in API group "argoproj.io" in the namespace "grade"',
          ),
      },
    ]);
    const error = await promote(makeKubeClients(stub.kubeconfig), NS, NAME).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'patching Rollout grade/grade-submission-api status: 403 Forbidden: rollouts.argoproj.io "grade-submission-api" is forbidden: User "dev-user" cannot patch resource "rollouts/status" in API group "argoproj.io" in the namespace "grade"',
    );
  });

  it("abort sends exactly one merge patch {status: {abort: true}} to the status subresource", async () => {
    const { k, shapes } = await serve(pausedAtStep1);
    await abort(k, NS, NAME);
    expect(shapes()).toEqual([
      {
        method: "PATCH",
        path: status,
        contentType: "application/merge-patch+json",
        body: { status: { abort: true } },
      },
    ]);
  });
});
