import { GradeApiApp } from "../../helpers/lab/grade-api-app";
import { actionSkipped, syncPolicySwitched } from "../../helpers/lab/lab-control";
import { labSpec } from "../../helpers/lab/lab-spec";

labSpec(
  "T10",
  "a Service manifest committed to Git is created by Argo CD, shown in the app's resources, and the app is Synced",
  async (lab) => {
    const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune" });

    const pushed = lab.mark();
    const added = await lab.act(
      "commit service.yaml",
      () => app.commitFixture("service.yaml", "gitops/additions/service.yaml", "add Service"),
      () => app.gitops.headSha(),
    );

    await app.sees(added);
    await lab.waitUntil(app.service.present());
    await lab.measureSince("created from Git: the Service", pushed);
    await lab.waitUntil(app.inTree({ kind: "Service", name: app.service.name }));
    await lab.waitUntil(app.syncedAt(added));
  },
  {
    relies: ["argocd.refresh-after-push", "argocd.resource-tree", "argocd.repository-secret"],
    controls: [
      actionSkipped("Service"),
      syncPolicySwitched("automated sync", "auto-self-heal-prune", "manual", "Service"),
    ],
    differsFromCourse:
      "The course gives no Service manifest; the spec commits the smallest one that selects the app's pods (fixtures/gitops/additions/service.yaml, port 80 to 8080).",
  },
);
