/**
 * Where each workload kind keeps its pod spec, so patches and the inventory
 * find every container (and init container) wherever it is declared.
 */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

/** The pod spec's path for a workload kind, or undefined for kinds that run no pods. */
export function podSpecPath(kind: string): readonly string[] | undefined {
  return POD_SPEC_PATHS[kind];
}

/** Init containers first: they run (and pull) first. */
export const CONTAINER_LISTS = ["initContainers", "containers"] as const;

/**
 * The tag of an image reference, or undefined when it has none (a digest
 * reference has no tag either). Kubernetes defaults imagePullPolicy to Always
 * for an untagged or `:latest` image, so those need an explicit policy.
 */
export function imageTag(image: string): string | undefined {
  if (image.includes("@")) return undefined;
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  const colon = lastSegment.lastIndexOf(":");
  return colon === -1 ? undefined : lastSegment.slice(colon + 1);
}

/** The policy Kubernetes applies when a container sets none. */
export function defaultPullPolicy(image: string): "Always" | "IfNotPresent" {
  if (image.includes("@")) return "IfNotPresent";
  const tag = imageTag(image);
  return tag === undefined || tag === "latest" ? "Always" : "IfNotPresent";
}
