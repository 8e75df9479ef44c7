import { GradeApiApp, TWO_RECONCILIATIONS_MS } from "../../helpers/lab/grade-api-app";
import { actionSkipped } from "../../helpers/lab/lab-control";
import { allOf, labSpec } from "../../helpers/lab/lab-spec";

labSpec(
  "T03",
  "a pod deleted by hand is replaced by Kubernetes with a new pod of the same image and spec, while Argo CD stays Synced",
  async (lab) => {
    const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune" });
    const before = await app.pods.now();

    const deleted = lab.mark();
    const deletedAt = new Date();
    await lab.kubectlAction("kubectl delete pod", "kubectl -n grade delete pod -l app=grade-submission-api");

    await lab.waitUntil(app.pods.replacedFromSameTemplate(before, { count: 1 }), "podReady");
    await lab.measureSince("Kubernetes: a new Ready pod", deleted);
    // Kubernetes healed it, not Argo CD: once Argo CD shows the new pod, it has never left Synced.
    await lab.hold(
      allOf(
        "Argo CD left alone",
        app.stayedSynced(deleted),
        app.syncedAt(app.seedSha),
        app.noSyncOperationSince(deletedAt),
      ),
      {
        // Two reconciles at the suite's 10 s period (argocd.reconciliation-timeout): a span of
        // real time, so never scaled down with the waits.
        windowMs: TWO_RECONCILIATIONS_MS,
        unscaled: true,
        after: app.inTree({ kind: "Pod", notUids: before.uids, health: "Healthy" }),
      },
    );
  },
  {
    relies: [
      "argocd.reconciliation-timeout",
      "kubernetes.replicaset-replaces-pods",
      "argocd.resource-tree",
      "argocd.out-of-sync-is-written",
    ],
    controls: [actionSkipped("new pods")],
  },
);
