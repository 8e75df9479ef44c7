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
    // replaced: only the template back on Git's image says self-heal reverted the edit.
    await lab.waitUntil(app.deployment.onImage(app.image), "selfHeal");
    await lab.measureSince("self-heal: the Deployment's template back on the Git image", edited);
    // "Pod restarts": judged after the revert, which often removes the nginx pod before any poll sees it,
    // so from the kubelet's Started event that outlives the pod (or the pod's status, were it still here).
    await lab.waitUntil(app.pods.startedOn("nginx:latest"), "apply");
    await lab.waitUntil(app.pods.ready({ count: 1, image: app.image }), "podReady");
    await lab.waitUntil(app.syncedAt(app.seedSha));
  },
  {
    relies: [
      "argocd.self-heal",
      "argocd.out-of-sync-is-written",
      "kubectl.edit-editor",
      "k3s.image-tools",
      "kubernetes.container-start-events",
    ],
    controls: [
      actionSkipped("nginx:latest"),
      syncPolicySwitched("self-heal", "auto-self-heal-prune", "auto", "rolled out on"),
    ],
    differsFromCourse:
      "The course edits the Deployment in an interactive editor; the spec runs the same kubectl edit with KUBE_EDITOR set to a sed script that makes the same change. " +
      "\"Pod restarts\" is proven by a container of a pod of the nginx:latest ReplicaSet that really started: self-heal reverts within a second or two and the Deployment then deletes that pod, often before any poll sees it, so the evidence is the kubelet's Started event for that pod's container (quoted with its Pulled event naming nginx:latest), which outlives the pod, or the pod's own running state while it lasts. " +
      "The suite's Deployment has a readinessProbe (GET /health on 8080) that nginx never passes, so with 1 replica the rolling update keeps the old pod beside the nginx one, which runs but is never Ready: the way back is proven by the Deployment's template on Git's image, rolled out, and one Ready pod on it. " +
      "Where no registry answers, nginx:latest is the offline kit's build of Debian 12's nginx 1.22 (kit/README.md), not Docker Hub's image; elsewhere the cluster pulls it, as a learner's would.",
  },
);
