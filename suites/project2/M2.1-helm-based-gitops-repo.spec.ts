import { GradeApiApp, TWO_RECONCILIATIONS_MS } from "../../helpers/lab/grade-api-app";
import { actionSkipped } from "../../helpers/lab/lab-control";
import { labSpec } from "../../helpers/lab/lab-spec";

labSpec(
  "M2.1",
  "the GitOps repo restructured as chart/Chart.yaml, values.yaml and templates/rollout.yaml renders through Argo CD's repo server to the same Rollout as the plain manifest, and the live Rollout is left as it was",
  async (lab) => {
    const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune", source: "rollout" });
    const plain = await app.manifestsAt(app.seedSha);
    const live = await app.rollout.snapshot();

    const chart = await lab.act(
      "restructure the repo as a Helm chart",
      () => app.restructureAsHelmChart(),
      () => app.gitops.headSha(),
    );

    await app.sees(chart);
    await lab.waitUntil(app.renderedAs(chart, plain));
    await lab.waitUntil(app.helmSourceReported({ path: "chart", valueFiles: ["values.yaml"] }));
    await lab.waitUntil(app.syncedAt(chart));
    await lab.hold(app.rollout.untouched(live), {
      // Two reconciles at the suite's 10 s period (argocd.reconciliation-timeout): a span of
      // real time, so never scaled down with the waits.
      windowMs: TWO_RECONCILIATIONS_MS,
      unscaled: true,
      after: app.syncedAt(chart),
    });
  },
  {
    relies: [
      "argocd.reconciliation-timeout",
      "argocd.helm-source",
      "argocd.manifests-at-revision",
      "argocd.prune",
      "argocd.refresh-after-push",
      "rollouts.revision-annotation",
    ],
    controls: [actionSkipped("as Helm")],
    differsFromCourse:
      "The course restructures the repo (Lab 2.1) and only then writes the Application with source.path: chart (Lab 2.2). Argo CD renders only what an Application points at, so this spec applies Lab 2.2's Application right after pushing the restructure; in between, the old Application (path .) finds no manifests and auto-sync refuses to prune everything (allowEmpty is off), so nothing is deleted. The chart's values.yaml carries the image CI built (repository and tag) instead of the snippet's PLACEHOLDER.",
  },
);
