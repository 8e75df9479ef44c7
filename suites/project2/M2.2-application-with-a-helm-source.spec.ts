import { GradeApiApp, HELM_SOURCE_SWITCH } from "../../helpers/lab/grade-api-app";
import { allOf, labSpec } from "../../helpers/lab/lab-spec";

labSpec(
  "M2.2",
  "an Application with source.path chart and helm.valueFiles [values.yaml] is reported by Argo CD as a Helm source, Synced and Healthy, running the image from values.yaml",
  async (lab) => {
    const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune", source: "helm" });

    await lab.waitUntil(
      allOf(
        "Argo CD's view of the Helm Application",
        app.helmSourceReported({ path: "chart", valueFiles: ["values.yaml"] }),
        app.syncedAt(app.seedSha),
        app.health("Healthy"),
      ),
    );
    await lab.waitUntil(app.rollout.healthy(app.image), "podReady");
  },
  {
    relies: [
      "argocd.helm-source",
      "argocd.rollout-health",
      "rollouts.first-revision",
      "argocd.repository-secret",
    ],
    controls: [
      {
        switchedOff: "the Helm source (the same Rollout from a plain manifest)",
        change: { kind: "switch", id: HELM_SOURCE_SWITCH },
        caughtAt: "Helm",
      },
    ],
    differsFromCourse:
      "The course's Application points at https://github.com/jumptotechschooldevops/grade-api-gitops; the spec's points at the lab's own GitOps repo on the suite's Git server, seeded with the chart of Lab 2.1 (values.yaml carrying the image CI built), and deploys into the lab's namespace with automated sync, self-heal and prune as in Project 1. The course's snippet gives only spec.source; the rest of the Application (destination, project, syncPolicy) is the one every lab uses.",
  },
);
