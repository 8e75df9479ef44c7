import { MANUAL_SYNC_SWITCH } from "../../helpers/lab/grade-api-actions";
import { GradeApiApp, TWO_RECONCILIATIONS_MS } from "../../helpers/lab/grade-api-app";
import { actionSkipped, syncPolicySwitched } from "../../helpers/lab/lab-control";
import { allOf, labSpec } from "../../helpers/lab/lab-spec";

labSpec(
  "T07",
  "with syncPolicy: {} a Git change leaves the app OutOfSync and the Deployment untouched until a manual sync deploys it",
  async (lab) => {
    const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune" });
    await app.setSyncPolicy("manual");

    const change = await app.commitReplicas(2, "scale to 2 replicas");
    await app.sees(change);
    await lab.hold(
      allOf("the change waiting in Git", app.outOfSyncAt(change), app.deployment.replicasAre(1)),
      {
        // Two reconciles at the suite's 10 s period (argocd.reconciliation-timeout): a span of
        // real time, so never scaled down with the waits.
        windowMs: TWO_RECONCILIATIONS_MS,
        unscaled: true,
        after: app.outOfSyncAt(change),
      },
    );

    const synced = lab.mark();
    await lab.act(
      "the manual sync",
      () => app.sync(),
      () => undefined,
    );
    await lab.waitUntil(app.syncedAt(change));
    await lab.waitUntil(app.deployment.replicasAre(2), "podReady");
    await lab.measureSince("the manual sync deployed the change", synced);
    // The deploy is the user's: Argo CD's history names admin's sync, not automation.
    await lab.waitUntil(app.historyContains(change, { by: "admin" }));
  },
  {
    relies: [
      "argocd.reconciliation-timeout",
      "argocd.manual-sync",
      "argocd.refresh-after-push",
      "argocd.repository-secret",
    ],
    controls: [
      {
        switchedOff: "the manual sync (auto-sync turned back on instead)",
        change: { kind: "switch", id: MANUAL_SYNC_SWITCH },
        caughtAt: "deployed by a sync admin started",
      },
      actionSkipped("Synced at"),
      syncPolicySwitched(
        "the switch to manual sync",
        "manual",
        "auto-self-heal-prune",
        "the change waiting in Git",
      ),
    ],
    differsFromCourse:
      "The course edits the Application and clicks SYNC in the UI; the spec applies the Application with syncPolicy: {} (kubectl apply) and sends what the SYNC button sends, POST /api/v1/applications/{name}/sync.",
  },
);
