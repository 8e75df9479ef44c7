import { SECONDS_LATER } from "../../helpers/lab/course-bound";
import { GradeApiApp } from "../../helpers/lab/grade-api-app";
import { actionSkipped, syncPolicySwitched } from "../../helpers/lab/lab-control";
import { labSpec } from "../../helpers/lab/lab-spec";

labSpec(
  "T11",
  "a Service deleted by hand with kubectl is recreated by Argo CD from Git",
  async (lab) => {
    const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune" });
    const added = await app.commitFixture("service.yaml", "gitops/additions/service.yaml", "add Service");
    await app.sees(added);
    await lab.waitUntil(app.syncedAt(added));
    const uid = await app.service.uid();

    const deleted = lab.mark();
    await lab.kubectlAction("kubectl delete svc", "kubectl -n grade delete svc grade-submission-api");

    await lab.waitUntil(app.becameOutOfSync(deleted), "selfHeal");
    await lab.waitUntil(app.service.recreated(uid), "selfHeal");
    await lab.measureSince("self-heal: the Service is back", deleted, SECONDS_LATER);
    await lab.waitUntil(app.syncedAt(added));
  },
  {
    relies: ["argocd.self-heal", "argocd.out-of-sync-is-written", "argocd.refresh-after-push"],
    controls: [
      actionSkipped("OutOfSync"),
      syncPolicySwitched("self-heal", "auto-self-heal-prune", "auto", "recreated"),
    ],
    differsFromCourse:
      'The course writes kubectl -n grade delete svc <service-name>; the spec fills in the name of the Service the T10 manifest adds, grade-submission-api. The course\'s "Argo recreates it … automatically" is the same self-heal as T01\'s "Seconds later", and is held to T01\'s bound: the Service must be back within 20 s of the kubectl delete, or the lab fails.',
  },
);
