import { SECONDS_LATER } from "../../helpers/lab/course-bound";
import { GradeApiApp } from "../../helpers/lab/grade-api-app";
import { actionSkipped, syncPolicySwitched } from "../../helpers/lab/lab-control";
import { labSpec } from "../../helpers/lab/lab-spec";

labSpec(
  "T01",
  "a human's kubectl scale is undone: Argo CD puts the Deployment back to the 1 replica in Git",
  async (lab) => {
    const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune" });

    const scaled = lab.mark();
    await lab.kubectlAction(
      "kubectl scale",
      "kubectl -n grade scale deployment grade-submission-api --replicas=3",
    );

    await lab.waitUntil(app.becameOutOfSync(scaled), "selfHeal");
    await lab.waitUntil(app.deployment.replicasAre(1), "selfHeal");
    await lab.measureSince("self-heal: back to the 1 replica in Git", scaled, SECONDS_LATER);
    await lab.waitUntil(app.syncedAt(app.seedSha));
  },
  {
    relies: ["argocd.self-heal", "argocd.out-of-sync-is-written", "argocd.repository-secret"],
    controls: [
      actionSkipped("OutOfSync"),
      syncPolicySwitched("self-heal", "auto-self-heal-prune", "auto", "at 1 ready replica"),
    ],
    differsFromCourse:
      'The course\'s "Seconds later" is asserted as a bound: the Deployment must be back at 1 replica within 20 s of the kubectl scale, or the lab fails. 20 s because longer is a third of a minute, no longer "seconds", and it spans two of the suite\'s 10 s reconciliation periods, so a revert that waited for periodic reconciles rather than reacting to the change would show; measured here 1 to 3 s.',
  },
);
