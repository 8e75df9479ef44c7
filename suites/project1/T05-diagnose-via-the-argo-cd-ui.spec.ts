import { GradeApiApp } from "../../helpers/lab/grade-api-app";
import { actionSkipped, syncPolicySwitched } from "../../helpers/lab/lab-control";
import { labSpec } from "../../helpers/lab/lab-spec";
import { shipProductionCrash } from "../../helpers/lab/production-crash";

labSpec(
  "T05",
  "Argo CD's API shows what its UI shows for the broken release: the app Degraded, the pod's log with the crash, and the bad commit's SHA in the pod's image",
  async (lab) => {
    const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune", ci: true });
    const committed = lab.mark();
    const { bad } = await shipProductionCrash(lab, app);

    // Degraded comes from the Deployment's ProgressDeadlineExceeded: 30 s in the fixture, 600 s by default.
    await lab.waitUntil(app.health("Degraded"), "podReady");
    const pod = await app.podInTree({ image: app.imageOf(bad), health: "Degraded" });
    await lab.waitUntil(app.podLogContains(pod, "Production crash"), "podReady");
    await lab.measureSince("Argo CD shows the app Degraded and the crash in its pod's log", committed);
  },
  {
    relies: [
      "argocd.deployment-health",
      "argocd.resource-tree",
      "argocd.pod-logs-api",
      "argocd.refresh-after-push",
      "argocd.ui-screens",
    ],
    controls: [
      actionSkipped("Degraded"),
      syncPolicySwitched("automated sync", "auto-self-heal-prune", "manual", "Degraded"),
    ],
    differsFromCourse:
      "The course reads the UI (app view, the pod, its Logs tab); the spec asks Argo CD's REST API for the same data (application health, resource tree, pod logs). What only the UI can show is a part of its own, T05 in the UI, with screenshots: reported not verified where Argo CD serves no UI (the offline kit's) or no browser is here. " +
      "The fixture's Deployment sets progressDeadlineSeconds: 30: with Kubernetes' default (600 s) the app shows Progressing, not Degraded, for the first 10 minutes of the crash loop. In the course the broken release takes the app down. Here the fixture's Deployment has a readinessProbe (GET /health) and the default rolling update, so the old pod keeps serving while the new one crash-loops: the app never goes down; the spec judges the crash-looping pod and Argo CD's view of it, not an outage.",
    ui: {
      claim:
        "in the UI's app view the app is Degraded, and the crashing pod shows the bad commit's image and, under Logs, the crash",
      body: async (lab) => {
        const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune", ci: true });
        const { bad } = await shipProductionCrash(lab, app);
        await lab.waitUntil(app.health("Degraded"), "podReady");
        const pod = await app.podInTree({ image: app.imageOf(bad), health: "Degraded" });
        await app.ui.diagnosis(pod, app.imageOf(bad), "Production crash");
      },
    },
  },
);
