import { GradeApiApp } from "../../helpers/lab/grade-api-app";
import { actionSkipped, syncPolicySwitched } from "../../helpers/lab/lab-control";
import { labSpec } from "../../helpers/lab/lab-spec";
import { shipProductionCrash } from "../../helpers/lab/production-crash";

labSpec(
  "T04",
  'a commit that throws "Production crash" goes through CI to production: Argo CD syncs the image tagged with that commit and the pod crash-loops',
  async (lab) => {
    const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune", ci: true });

    const committed = lab.mark();
    const { bad, release } = await shipProductionCrash(lab, app);

    await lab.waitUntil(app.syncedAt(release.gitopsSha));
    // CI tagged the image with the bad commit's SHA: that image is what crash-loops.
    await lab.waitUntil(app.pods.crashLoopingOn(app.imageOf(bad), { minRestarts: 2 }), "podReady");
    await lab.measureSince("the broken commit deployed and in CrashLoopBackOff", committed);
  },
  {
    relies: [
      "argocd.refresh-after-push",
      "argocd.auto-sync-no-retry",
      "argocd.deployment-health",
      "argocd.repository-secret",
      "k3s.image-tools",
    ],
    differsFromCourse:
      "In the course the broken release takes the app down. Here the fixture's Deployment has a readinessProbe (GET /health) and the default rolling update, so the old pod keeps serving while the new one crash-loops: the app never goes down; the spec judges the crash-looping pod and Argo CD's view of it, not an outage.",
    controls: [
      actionSkipped("CrashLoopBackOff"),
      syncPolicySwitched("automated sync", "auto-self-heal-prune", "manual", "Synced at"),
    ],
  },
);
