import { releaseAction } from "../../helpers/lab/app-release";
import { GradeApiApp } from "../../helpers/lab/grade-api-app";
import { actionSkipped, syncPolicySwitched } from "../../helpers/lab/lab-control";
import { labSpec } from "../../helpers/lab/lab-spec";

labSpec(
  "M2.3",
  "CI changes only the image tag in values.yaml: the commit touches no template, Argo CD detects the diff at the new revision and applies it, and the Rollout moves to the new image",
  async (lab) => {
    const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune", source: "helm", ci: true });

    const released = lab.mark();
    const release = await releaseAction(lab, "release through CI", app, "values only");
    await lab.waitUntil(app.commitChangedOnly(release.gitopsSha, ["chart/values.yaml"]));

    await app.sees(release.gitopsSha);
    await lab.waitUntil(app.autoSyncedAt(release.gitopsSha));
    await lab.measureSince("Argo CD applied the values-only change", released);
    await lab.waitUntil(app.rollout.pausedAt("manualPause"), "rolloutStep");
    await app.rollout.promote();
    await lab.waitUntil(app.rollout.healthy(release.image), "podReady");
  },
  {
    relies: [
      "argocd.helm-source",
      "argocd.auto-sync-operation",
      "argocd.refresh-after-push",
      "rollouts.step-and-pause",
      "rollouts.promote",
    ],
    controls: [
      actionSkipped("values.yaml"),
      syncPolicySwitched("automated sync", "auto-self-heal-prune", "manual", "auto-synced it"),
    ],
    differsFromCourse:
      "The course's Rollout stops every new image at its indefinite pause (setWeight 50, pause {}): the values change alone takes the canary only that far. To show the Rollout moving to the new image, the spec promotes it there, as in Lab 1.3 (the patch kubectl argo rollouts promote sends).",
  },
);
