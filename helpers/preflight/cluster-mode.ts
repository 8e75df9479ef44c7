/**
 * Which cluster the lab tier uses: by default a k3s it starts in Docker with
 * testcontainers; with LAB_CLUSTER=existing, the current context of KUBECONFIG.
 */
export const LAB_CLUSTER_ENV = "LAB_CLUSTER";

export type ClusterMode = "docker" | "existing";

export type ClusterModeChoice = { mode: ClusterMode } | { invalid: string };

export function clusterMode(env: NodeJS.ProcessEnv = process.env): ClusterModeChoice {
  const raw = env[LAB_CLUSTER_ENV]?.trim() ?? "";
  if (raw === "" || raw === "k3s") return { mode: "docker" };
  if (raw === "existing") return { mode: "existing" };
  return { invalid: raw };
}

export function describeMode(mode: ClusterMode): string {
  return mode === "existing"
    ? "the cluster of the current KUBECONFIG context (LAB_CLUSTER=existing)"
    : "k3s in Docker, started by testcontainers";
}
