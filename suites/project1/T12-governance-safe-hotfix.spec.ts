import { GradeApiApp, TWO_RECONCILIATIONS_MS } from "../../helpers/lab/grade-api-app";
import { actionSkipped, syncPolicySwitched } from "../../helpers/lab/lab-control";
import { allOf, labSpec } from "../../helpers/lab/lab-spec";

labSpec(
  "T12",
  "a hotfix on a branch deploys nothing until it is merged into main; then Argo CD deploys it and records the merge in its history",
  async (lab) => {
    const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune" });

    await app.gitops.checkoutNewBranch("hotfix");
    await app.commitReplicas(2, "hotfix: scale to 2 replicas");
    await app.refresh();
    await lab.hold(
      allOf("nothing from the branch deployed", app.syncedAt(app.seedSha), app.deployment.replicasAre(1)),
      {
        // Two reconciles at the suite's 10 s period (argocd.reconciliation-timeout): a span of
        // real time, so never scaled down with the waits.
        windowMs: TWO_RECONCILIATIONS_MS,
        unscaled: true,
        after: app.refreshAnswered(),
      },
    );

    await app.gitops.checkout("main");
    const merging = lab.mark();
    const merged = await lab.pushAction("the merge into main", app.gitops, (git) =>
      git.merge("hotfix", "Merge pull request: hotfix, reviewed"),
    );

    await app.sees(merged);
    await lab.waitUntil(app.deployment.replicasAre(2), "podReady");
    await lab.measureSince("the merge deployed the hotfix", merging);
    await lab.waitUntil(app.historyContains(merged, { automated: true }));
  },
  {
    relies: [
      "argocd.reconciliation-timeout",
      "argocd.branch-tracking",
      "argocd.operation-history",
      "argocd.refresh-after-push",
    ],
    controls: [
      actionSkipped("at 2 ready replicas"),
      syncPolicySwitched("automated sync", "auto-self-heal-prune", "manual", "at 2 ready replicas"),
    ],
    differsFromCourse:
      "Task 12 is a discussion without commands. The spec plays its expected answer with Git alone: a branch stands for the PR and git merge --no-ff for its approved merge (there is no review server), and Argo CD's operation history (status.history) stands for the audit log.",
  },
);
