import type { V1Pod } from "@kubernetes/client-node";

/**
 * Pods in words, for verdict messages and the diagnostics timeline:
 * "2 pods: api-7d9-abc Running ready, api-7d9-def Pending (ContainerCreating)".
 */

/** Waiting reasons of an image the node cannot get: preloading it or registry access is the fix. */
export const IMAGE_PULL_FAILURES: readonly string[] = [
  "ImagePullBackOff",
  "ErrImagePull",
  "InvalidImageName",
  "ErrImageNeverPull",
];

/**
 * Waiting reasons after which a pod will not become Ready without a change to
 * the spec or the image store, so a wait for Ready should stop at once.
 * (With images preloaded into k3s, even a first ErrImagePull is final.)
 */
export const FATAL_WAITING_REASONS: readonly string[] = [
  ...IMAGE_PULL_FAILURES,
  "CreateContainerConfigError",
];

interface ContainerStatusLike {
  name?: string;
  image?: string;
  state?: { waiting?: { reason?: string; message?: string } };
}

/** The fields podBlockers reads: a V1Pod fits, and so does a pod as plain JSON (install readiness). */
export interface PodLike {
  metadata?: { name?: string; deletionTimestamp?: unknown };
  spec?: { containers?: readonly { name?: string; image?: string }[] };
  status?: {
    initContainerStatuses?: readonly ContainerStatusLike[];
    containerStatuses?: readonly ContainerStatusLike[];
  };
}

export interface PodBlocker {
  pod: string;
  container: string;
  /** From the container status, else the spec. */
  image: string | undefined;
  reason: string;
  message: string | undefined;
}

export const podName = (pod: PodLike): string => pod.metadata?.name ?? "<unnamed pod>";

/** A pod with a deletionTimestamp is on its way out; upstream e2e counts only the others. */
export const isTerminating = (pod: PodLike): boolean => pod.metadata?.deletionTimestamp != null;

export const livePods = <P extends PodLike>(pods: readonly P[]): P[] => pods.filter((p) => !isTerminating(p));

export function isPodReady(pod: V1Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

function containerStatuses<S>(pod: {
  status?: { initContainerStatuses?: readonly S[]; containerStatuses?: readonly S[] };
}): S[] {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
}

/** Containers stuck for good (see FATAL_WAITING_REASONS), init containers included. */
export function podBlockers(pods: readonly PodLike[]): PodBlocker[] {
  return livePods(pods).flatMap((pod) =>
    containerStatuses(pod)
      .filter((cs) => FATAL_WAITING_REASONS.includes(cs.state?.waiting?.reason ?? ""))
      .map((cs) => ({
        pod: podName(pod),
        container: cs.name ?? "?",
        image: cs.image || pod.spec?.containers?.find((c) => c.name === cs.name)?.image,
        reason: cs.state?.waiting?.reason ?? "",
        message: cs.state?.waiting?.message,
      })),
  );
}

export function describeBlocker(b: PodBlocker): string {
  return `pod ${b.pod} container ${b.container} is in ${b.reason}${b.message ? `: ${b.message}` : ""}`;
}

/** Why a pod is not simply running: container waiting/terminated reasons, restarts, or the scheduler's reason. */
function podDetails(pod: V1Pod): string[] {
  const statuses = containerStatuses(pod);
  const named = statuses.length > 1;
  const details = statuses.flatMap((cs) => {
    const reason = cs.state?.waiting?.reason ?? cs.state?.terminated?.reason;
    const restarts =
      cs.restartCount > 0 ? `${cs.restartCount} restart${cs.restartCount === 1 ? "" : "s"}` : "";
    const parts = [reason, restarts].filter(Boolean).join(", ");
    return parts ? [named ? `${cs.name} ${parts}` : parts] : [];
  });
  if (details.length === 0) {
    const unscheduled = pod.status?.conditions?.find(
      (c) => c.type === "PodScheduled" && c.status === "False",
    );
    if (unscheduled?.reason) details.push(unscheduled.reason);
    else if (pod.status?.reason) details.push(pod.status.reason);
  }
  return details;
}

/** "api-abc Running ready", "api-def Pending (ContainerCreating)", "api-ghi Running not ready (CrashLoopBackOff, 3 restarts)". */
export function summarizePod(pod: V1Pod): string {
  const name = podName(pod);
  if (isTerminating(pod)) return `${name} Terminating`;
  const phase = pod.status?.phase ?? "Unknown";
  const readiness = phase === "Running" ? (isPodReady(pod) ? " ready" : " not ready") : "";
  const details = podDetails(pod);
  return `${name} ${phase}${readiness}${details.length > 0 ? ` (${details.join("; ")})` : ""}`;
}

export function summarizePods(pods: readonly V1Pod[]): string {
  if (pods.length === 0) return "0 pods";
  return `${pods.length} pod${pods.length === 1 ? "" : "s"}: ${pods.map(summarizePod).join(", ")}`;
}

/** The images a pod's (non-init) containers were created from, as written in its spec. */
export function podImages(pod: V1Pod): string[] {
  return (pod.spec?.containers ?? []).flatMap((c) => (c.image ? [c.image] : []));
}

/** Distinct images of the live pods, sorted: one entry when a rollout has finished. */
export function imagesOfPods(pods: readonly V1Pod[]): string[] {
  return [...new Set(livePods(pods).flatMap(podImages))].sort();
}

/** The pod runs `image` in one of its containers (the spec's reference, as Argo CD and kubectl show it). */
export const podRunsImage = (pod: V1Pod, image: string): boolean => podImages(pod).includes(image);
