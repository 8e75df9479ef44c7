import { GradeApiApp } from "../../helpers/lab/grade-api-app";
import { actionSkipped, syncPolicySwitched } from "../../helpers/lab/lab-control";
import { labSpec } from "../../helpers/lab/lab-spec";

labSpec(
  "T08",
  "git rm of the Deployment's manifest makes Argo CD prune the Deployment, and its pods disappear",
  async (lab) => {
    const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune", allowEmpty: true });

    const pushed = lab.mark();
    const removed = await lab.pushAction("git rm deployment.yaml", app.gitops, (git) =>
      git.rm("deployment.yaml", "remove app"),
    );

    await app.sees(removed);
    await lab.waitUntil(app.deployment.gone(), "deletion");
    await lab.waitUntil(app.pods.gone(), "deletion");
    await lab.measureSince("pruned: the Deployment and its pods gone", pushed);
    await lab.waitUntil(app.syncedAt(removed));
  },
  {
    relies: ["argocd.prune", "argocd.refresh-after-push", "argocd.repository-secret"],
    controls: [actionSkipped("gone"), syncPolicySwitched("prune", "auto-self-heal-prune", "auto", "gone")],
    differsFromCourse:
      "The Application has automated.allowEmpty: true. deployment.yaml is the repo's only manifest, and without allowEmpty Argo CD's auto-sync refuses to prune an app's last resource (SyncError \"auto-sync will wipe out all resources\"): the Deployment would stay. Keeping another manifest in the repo works as well.",
  },
);
