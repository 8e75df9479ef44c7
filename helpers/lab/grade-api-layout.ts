/**
 * The course's grade-submission-api as the labs find it: the layouts of its GitOps repo and
 * the names its objects have in the cluster (fixtures/gitops/grade-api*).
 */

/** How the GitOps repo describes the app: the Deployment (Project 1), the Rollout (M1), or the Helm chart (M2). */
export type GradeApiSource = "deployment" | "rollout" | "helm";

/** Each source's fixture, the path its Application points at, and the file CI writes the image to. */
export const SOURCES: Record<GradeApiSource, { fixture: string; path: string; imageFile: string }> = {
  deployment: { fixture: "gitops/grade-api", path: ".", imageFile: "deployment.yaml" },
  rollout: { fixture: "gitops/grade-api-rollout", path: ".", imageFile: "rollout.yaml" },
  helm: { fixture: "gitops/grade-api-helm", path: "chart", imageFile: "chart/values.yaml" },
};

export const APP_SELECTOR = "app=grade-submission-api";
/** The Deployment's, the Rollout's and the Service's name. */
export const WORKLOAD_NAME = "grade-submission-api";
/** The app's container in the fixture's pod template. */
export const CONTAINER_NAME = "app";
