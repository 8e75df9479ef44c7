import { releaseAction, releaseThroughCi } from "../../helpers/lab/app-release";
import { CANARY_PAUSES_SWITCH, GradeApiApp, TIMED_LAST_PAUSE_SWITCH } from "../../helpers/lab/grade-api-app";
import { actionSkipped } from "../../helpers/lab/lab-control";
import { labSpec } from "../../helpers/lab/lab-spec";

labSpec(
  "M1.3",
  "an image change in Git pauses the canary at 20 % (1 canary + 3 stable pods), goes on by itself after 30 s, stops at 50 % until promoted, is Suspended in Argo CD with its ReplicaSets, and a second change aborted at 20 % returns every pod to stable",
  async (lab) => {
    const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune", source: "rollout", ci: true });

    const first = await releaseAction(lab, "release canary 1 through CI", app, "canary 1");
    await app.sees(first.gitopsSha);
    await lab.waitUntil(app.rollout.canaryPausedAt("timedPause"), "rolloutStep");
    await lab.kubectl("kubectl get rollout grade-submission-api -n grade");
    await lab.waitUntil(app.health("Suspended"));
    await lab.waitUntil(app.rolloutInTree(2));
    await lab.waitUntil(app.rollout.canaryPausedAt("manualPause"), "rolloutStep");
    await lab.waitUntil(app.rollout.timedPauseHeld("timedPause", 30));
    // "Until promoted": a pause with no duration on the live Rollout, still held at 50 % for longer
    // than any timed pause of its steps (never scaled down: it is the claim's window, not a wait's).
    await lab.waitUntil(app.rollout.pauseHasNoDuration("manualPause"));
    const atFifty = app.rollout.canaryPausedAt("manualPause");
    await lab.hold(atFifty, {
      windowMs: await app.rollout.untilPromotedWindowMs(),
      after: atFifty,
      unscaled: true,
    });
    const promoted = lab.mark();
    await lab.act(
      "the promote",
      () => app.rollout.promote(),
      () => undefined,
    );
    await lab.waitUntil(app.rollout.healthy(first.image), "podReady");
    await lab.measureSince("promoted: every pod on the canary's image", promoted);
    await lab.waitUntil(app.health("Healthy"));

    const second = await releaseThroughCi(app, "canary 2");
    await app.sees(second.gitopsSha);
    await lab.waitUntil(app.rollout.canaryPausedAt("timedPause"), "rolloutStep");
    const aborted = lab.mark();
    await app.rollout.abort();
    await lab.waitUntil(app.rollout.abortedToStable(), "apply");
    await lab.measureSince("abort: every pod back on the stable ReplicaSet", aborted);
    await lab.waitUntil(app.health("Degraded"));
  },
  {
    relies: [
      "rollouts.step-and-pause",
      "rollouts.basic-canary-split",
      "rollouts.step-completed-events",
      "rollouts.promote",
      "rollouts.abort",
      "argocd.rollout-health",
      "argocd.resource-tree",
      "argocd.refresh-after-push",
    ],
    controls: [
      actionSkipped("paused", "release canary 1 through CI"),
      {
        switchedOff: "the canary's pause steps",
        change: { kind: "switch", id: CANARY_PAUSES_SWITCH },
        caughtAt: "paused",
      },
      {
        switchedOff: "the pause held until promoted (a 10-minute timed pause in its place)",
        change: { kind: "switch", id: TIMED_LAST_PAUSE_SWITCH },
        caughtAt: "a pause with no duration",
      },
      actionSkipped("Healthy on", "the promote"),
    ],
    differsFromCourse:
      "The kubectl argo rollouts plugin is not in the cluster's image: `kubectl argo rollouts get rollout` is shown as `kubectl get rollout` plus the Rollout's status in each wait, and promote and abort send exactly the patches the plugin v1.9.1 sends (JSON merge patches to the status subresource). The image change is a commit to the app built by CI (image tagged with the commit), which writes the new image to rollout.yaml. The course only says rollbacks are instant; the spec aborts a second change at its first pause, as `kubectl argo rollouts abort` would. \"20 %\" in the course is the canary's share of pods (1 of 4 here: setWeight rounds the canary up to whole pods), and no traffic is routed: the Rollout has no traffic routing, so the spec checks the pod split and the step, not requests.",
    timeoutMs: 20 * 60_000,
  },
);
