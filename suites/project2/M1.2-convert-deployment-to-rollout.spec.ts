import { rolloutFileFor } from "../../helpers/lab/gitops-layouts";
import { GradeApiApp } from "../../helpers/lab/grade-api-app";
import { actionSkipped, syncPolicySwitched } from "../../helpers/lab/lab-control";
import { allOf, labSpec } from "../../helpers/lab/lab-spec";

labSpec(
  "M1.2",
  "replacing the Deployment with the course's Rollout in Git makes Argo CD sync it, and the Rollout goes straight to Healthy at its first revision",
  async (lab) => {
    const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune" });

    const pushed = lab.mark();
    const converted = await lab.pushAction("convert deployment.yaml to a Rollout", app.gitops, async (git) =>
      git.replaceFiles(
        ["deployment.yaml"],
        await rolloutFileFor(app.image),
        "Convert Deployment to Rollout (canary: 20%, pause 30s, 50%, pause)",
      ),
    );

    await app.sees(converted);
    await lab.waitUntil(
      allOf("Argo CD synced the Rollout", app.syncedAt(converted), app.health("Healthy")),
      "podReady",
    );
    await lab.waitUntil(app.rollout.healthy(app.image), "podReady");
    await lab.measureSince("the Rollout synced and Healthy", pushed);
    await lab.waitUntil(app.rollout.atRevision("1"));
    await lab.waitUntil(app.deployment.gone(), "deletion");
  },
  {
    relies: [
      "rollouts.first-revision",
      "rollouts.revision-annotation",
      "argocd.rollout-health",
      "argocd.prune",
      "argocd.refresh-after-push",
    ],
    controls: [
      actionSkipped("Rollout"),
      syncPolicySwitched("automated sync", "auto-self-heal-prune", "manual", "Argo CD synced the Rollout"),
    ],
    differsFromCourse:
      "The course's Rollout snippet has image ghcr.io/jumptotechschooldevops/k8s-ci-build:PLACEHOLDER and namespace: grade. The spec commits the smallest runnable version: the image CI built for the app (the one the Deployment ran), no namespace (the Application's destination is the lab's namespace), and imagePullPolicy IfNotPresent (images are imported into the cluster, there is no registry). The Deployment is replaced in one commit (git rm deployment.yaml, add rollout.yaml), and Argo CD prunes it (automated prune, as in Project 1).",
  },
);
