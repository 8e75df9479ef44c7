import { describe, expect, it } from "vitest";
import { attempt } from "../argocd/api-attempt";
import { canIAnswers } from "../argocd/application-expectations";
import type { ArgoCdApi } from "../argocd/argocd-api";
import { notAttempted } from "../argocd/user-attempts";
import { objectReader, podLister } from "../cluster/install-components";
import { ROLLOUTS_NAMESPACE, rolloutsImage } from "../install/patch-rollouts";
import { crdEstablished, deploymentAvailable } from "../install/readiness";
import { containerStartedOnImage } from "../kube/container-started";
import type { KubeClients } from "../kube/kube-clients";
import { crashLoopingOnImage } from "../kube/pods-on-image";
import { podsFromSameTemplate } from "../kube/pods-same-template";
import { objectPresent, podsGone } from "../kube/presence";
import {
  deploymentOnImage,
  deploymentReplicasAre,
  objectGone,
  objectRecreated,
  podsReady,
  podsReplaced,
  replicaSetWithImage,
} from "../kube/workload-state";
import { resolvePins } from "../project/versions";
import { COURSE_STEP } from "../rollouts/course-rollout";
import {
  rolloutAbortedToStable,
  rolloutHealthy,
  rolloutPausedAtStep,
} from "../rollouts/rollout-expectations";
import { rolloutAtRevision, rolloutUntouched } from "../rollouts/rollout-revision";
import { timedPauseHeld } from "../rollouts/timed-pause";
import { AppDeployment } from "./app-deployment";
import { AppPods } from "./app-pods";
import { AppRollout } from "./app-rollout";
import {
  rolloutCrdEstablished,
  rolloutsControllerAvailable,
  rolloutsControllerOnPinnedImage,
} from "./argo-rollouts-install";
import { ArgoCdUser } from "./argocd-user";
import { APP_SELECTOR, WORKLOAD_NAME } from "./grade-api-layout";
import type { LabContext } from "./lab-context";
import { LabObject } from "./lab-object";

// The objects only build expectations; nothing here talks to a cluster.
const kube = {} as KubeClients;
const ns = "t01-run1";

/**
 * A negative control is caught by the words of the expectation that fails, so the lab's
 * objects must describe each expectation exactly as the helper below them does.
 */
describe("the lab's objects name their expectations as the helpers below them", () => {
  it("the Deployment, the Service and any object in the lab's namespace", () => {
    const deployment = new AppDeployment(kube, ns, WORKLOAD_NAME);
    const service = new LabObject(kube, ns, "Service", WORKLOAD_NAME);
    const pairs = [
      [deployment.replicasAre(1), deploymentReplicasAre(kube, ns, WORKLOAD_NAME, 1)],
      [deployment.onImage("nginx:latest"), deploymentOnImage(kube, ns, WORKLOAD_NAME, "nginx:latest")],
      [deployment.gone(), objectGone(kube, "Deployment", ns, WORKLOAD_NAME)],
      [service.present(), objectPresent(kube, "Service", ns, WORKLOAD_NAME)],
      [service.recreated("uid-1"), objectRecreated(kube, "Service", ns, WORKLOAD_NAME, "uid-1")],
    ] as const;
    for (const [mine, below] of pairs) expect(mine.description).toBe(below.description);
    expect(deployment.replicasAre(1).description).toContain("at 1 ready replica");
  });

  it("the app's pods", () => {
    const pods = new AppPods(kube, ns, APP_SELECTOR);
    const before = { uids: ["a"], templateHash: "h", images: ["i"] };
    const pairs = [
      [pods.ready({ count: 1, image: "i" }), podsReady(kube, ns, APP_SELECTOR, { count: 1, image: "i" })],
      [pods.replaced(["a"], { count: 1 }), podsReplaced(kube, ns, APP_SELECTOR, ["a"], { count: 1 })],
      [pods.fromSameTemplate(before), podsFromSameTemplate(kube, ns, APP_SELECTOR, before)],
      [
        pods.crashLoopingOn("i", { minRestarts: 2 }),
        crashLoopingOnImage(kube, ns, APP_SELECTOR, "i", { minRestarts: 2 }),
      ],
      [pods.gone(), podsGone(kube, ns, APP_SELECTOR)],
      [pods.replicaSetOn("nginx:latest"), replicaSetWithImage(kube, ns, APP_SELECTOR, "nginx:latest")],
      [pods.startedOn("nginx:latest"), containerStartedOnImage(kube, ns, APP_SELECTOR, "nginx:latest")],
    ] as const;
    for (const [mine, below] of pairs) expect(mine.description).toBe(below.description);
    expect(pods.replacedFromSameTemplate(before, { count: 1 }).description).toBe(
      "new pods (new UIDs) from the same template, Ready",
    );
  });

  it("the Rollout, its steps by the course's names", () => {
    const rollout = new AppRollout(kube, ns, WORKLOAD_NAME);
    const live = { generation: 1, revision: "1", stableRS: "abc" };
    const pairs = [
      [rollout.healthy("i"), rolloutHealthy(kube, ns, WORKLOAD_NAME, "i")],
      [rollout.atRevision("1"), rolloutAtRevision(kube, ns, WORKLOAD_NAME, "1")],
      [
        rollout.pausedAt("manualPause"),
        rolloutPausedAtStep(kube, ns, WORKLOAD_NAME, COURSE_STEP.manualPause),
      ],
      [
        rollout.timedPauseHeld("timedPause", 30),
        timedPauseHeld(kube, ns, WORKLOAD_NAME, COURSE_STEP.timedPause, 30),
      ],
      [rollout.abortedToStable(), rolloutAbortedToStable(kube, ns, WORKLOAD_NAME)],
      [rollout.untouched(live), rolloutUntouched(kube, ns, WORKLOAD_NAME, live)],
    ] as const;
    for (const [mine, below] of pairs) expect(mine.description).toBe(below.description);
    expect(rollout.canaryPausedAt("timedPause").description).toBe(
      "the canary paused at step 1 (setWeight 20)",
    );
  });

  it("an Argo CD user: can-i, attempts, and what a skipped attempt leaves", async () => {
    const api = { username: "read-only-m3-3" } as ArgoCdApi;
    const user = new ArgoCdUser("read-only-m3-3", "pw", "role:course-readonly", api);
    expect(user.canI("applications", "sync", "default/a", false).description).toBe(
      canIAnswers(api, "applications", "sync", "default/a", false).description,
    );
    expect(await user.attempt("get of a", async () => 1)).toEqual(
      await attempt(api, "get of a", async () => 1),
    );
    expect(user.notAttempted("sync of a")).toEqual({
      by: "read-only-m3-3",
      what: "sync of a (not attempted)",
      value: undefined,
    });
    expect(user.notAttemptedChanges("a")).toEqual(notAttempted("read-only-m3-3", "a"));
  });

  it("the run's Argo Rollouts install, as Lab 1.1 checks it", () => {
    const lab = { kube } as LabContext;
    const image = rolloutsImage(resolvePins().rolloutsVersion);
    const pairs = [
      [rolloutCrdEstablished(lab), crdEstablished(objectReader(kube), "rollouts.argoproj.io")],
      [
        rolloutsControllerAvailable(lab),
        deploymentAvailable(objectReader(kube), ROLLOUTS_NAMESPACE, "argo-rollouts", podLister(kube)),
      ],
      [
        rolloutsControllerOnPinnedImage(lab),
        podsReady(kube, ROLLOUTS_NAMESPACE, "app.kubernetes.io/name=argo-rollouts", { count: 1, image }),
      ],
    ] as const;
    for (const [mine, below] of pairs) expect(mine.description).toBe(below.description);
  });
});
