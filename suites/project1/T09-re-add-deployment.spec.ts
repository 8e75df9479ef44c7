import { GradeApiApp } from "../../helpers/lab/grade-api-app";
import { actionSkipped } from "../../helpers/lab/lab-control";
import { labSpec } from "../../helpers/lab/lab-spec";

labSpec(
  "T09",
  "restoring deployment.yaml from HEAD~1 in Git makes Argo CD recreate the Deployment and its pods",
  async (lab) => {
    const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune", allowEmpty: true });
    await app.gitops.rm("deployment.yaml", "remove app");
    await app.sees(await app.gitops.push());
    await lab.waitUntil(app.deployment.gone(), "deletion");

    const pushed = lab.mark();
    const restored = await lab.pushAction("restore deployment.yaml from HEAD~1", app.gitops, (git) =>
      git.restoreFromPrevious("deployment.yaml", "restore app"),
    );

    await app.sees(restored);
    await lab.waitUntil(app.syncedAt(restored));
    await lab.waitUntil(app.pods.ready({ count: 1, image: app.image }), "podReady");
    await lab.measureSince("recreated: the Deployment back with a Ready pod", pushed);
  },
  {
    relies: ["argocd.prune", "argocd.refresh-after-push", "argocd.repository-secret"],
    controls: [actionSkipped("Ready")],
    differsFromCourse:
      "As in T08, the Application has automated.allowEmpty: true so that removing the repo's only manifest is pruned at all.",
  },
);
