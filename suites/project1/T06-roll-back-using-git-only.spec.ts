import { GradeApiApp } from "../../helpers/lab/grade-api-app";
import { actionSkipped, syncPolicySwitched } from "../../helpers/lab/lab-control";
import { allOf, labSpec } from "../../helpers/lab/lab-spec";
import { shipProductionCrash } from "../../helpers/lab/production-crash";

labSpec(
  "T06",
  "git revert of the bad commit, through CI and Argo CD alone, brings back the working app: Healthy, its health endpoint answering",
  async (lab) => {
    const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune", ci: true });
    const { bad } = await shipProductionCrash(lab, app);
    await lab.waitUntil(app.pods.crashLoopingOn(app.imageOf(bad)), "podReady");

    const reverted = lab.mark();
    const { revert, release } = await lab.act(
      "git revert, through CI",
      async () => ({ revert: await app.revertInApp(bad), release: await app.runCi() }),
      async () => ({ revert: bad, release: await app.currentRelease() }),
    );

    await app.sees(release.gitopsSha);
    await lab.waitUntil(
      allOf("the revert deployed", app.syncedAt(release.gitopsSha), app.health("Healthy")),
      "podReady",
    );
    // A Healthy pod is a Ready one: its readinessProbe, GET /health, answers 200.
    const pod = await app.podInTree({ image: app.imageOf(revert), health: "Healthy" });
    await lab.waitUntil(app.podLogContains(pod, `grade-submission-api ${revert} listening on 8080`));
    await lab.measureSince("rolled back: the reverted version Healthy and serving", reverted);
  },
  {
    relies: [
      "argocd.auto-sync-no-retry",
      "argocd.deployment-health",
      "argocd.resource-tree",
      "argocd.pod-logs-api",
      "argocd.refresh-after-push",
    ],
    differsFromCourse:
      "In the course the broken release takes the app down. Here the fixture's Deployment has a readinessProbe (GET /health) and the default rolling update, so the old pod keeps serving while the new one crash-loops: the app never goes down; the spec judges the crash-looping pod and Argo CD's view of it, not an outage.",
    controls: [
      actionSkipped("the revert deployed", "git revert, through CI"),
      syncPolicySwitched("automated sync", "auto-self-heal-prune", "manual", "CrashLoopBackOff"),
    ],
  },
);
