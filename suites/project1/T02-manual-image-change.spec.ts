import { GradeApiApp } from "../../helpers/lab/grade-api-app";
import { actionSkipped, syncPolicySwitched } from "../../helpers/lab/lab-control";
import { labSpec } from "../../helpers/lab/lab-spec";

labSpec(
  "T02",
  "a hotfix by kubectl edit to nginx:latest rolls pods, then Argo CD detects the drift and pods run the Git image again",
  async (lab) => {
    const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune" });

    const edited = lab.mark();
    await lab.act(
      "kubectl edit",
      () =>
        lab.kubectlEdit(
          "kubectl -n grade edit deployment grade-submission-api",
          "s|image: grade-submission-api:.*|image: nginx:latest|",
        ),
      () => undefined,
    );

    await lab.waitUntil(app.pods.replicaSetOn("nginx:latest"), "apply");
    await lab.waitUntil(app.becameOutOfSync(edited), "selfHeal");
    // The nginx pod never gets Ready (its probe is GET /health on 8080), so the original pod is never
    // replaced: only the template back on Git's image says self-heal reverted the edit. Judged first,
    // so the pod check below never meets a live nginx pod (ErrImagePull would end it at once).
    await lab.waitUntil(app.deployment.onImage(app.image), "selfHeal");
    await lab.measureSince("self-heal: the Deployment's template back on the Git image", edited);
    await lab.waitUntil(app.pods.ready({ count: 1, image: app.image }), "podReady");
    await lab.waitUntil(app.syncedAt(app.seedSha));
  },
  {
    relies: ["argocd.self-heal", "argocd.out-of-sync-is-written", "kubectl.edit-editor", "k3s.image-tools"],
    controls: [
      actionSkipped("nginx:latest"),
      syncPolicySwitched("self-heal", "auto-self-heal-prune", "auto", "rolled out on"),
    ],
    differsFromCourse:
      "The course edits the Deployment in an interactive editor; the spec runs the same kubectl edit with KUBE_EDITOR set to a sed script that makes the same change. " +
      "The suite's Deployment has a readinessProbe (GET /health on 8080) that nginx never passes, so with 1 replica the rolling update never replaces the old pod: the rollout to nginx is proven by its ReplicaSet, and the way back by the Deployment's template on Git's image again.",
  },
);
