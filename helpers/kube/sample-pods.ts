import type { V1ContainerStatus, V1Pod } from "@kubernetes/client-node";

/**
 * For self-tests: pods of the course's app as the API lists them, with the
 * fields the verdicts and summaries read (phase, Ready, container statuses,
 * spec images, labels, deletionTimestamp).
 */
export const IMAGE_V1 = "ghcr.io/jumptotechschooldevops/k8s-ci-build:3f2a9c1";
export const IMAGE_V2 = "ghcr.io/jumptotechschooldevops/k8s-ci-build:8d41e07";

export function runningContainer(image = IMAGE_V1, restartCount = 0): V1ContainerStatus {
  return {
    name: "app",
    image,
    imageID: "",
    ready: true,
    restartCount,
    started: true,
    state: { running: { startedAt: new Date("2025-11-26T14:00:05Z") } },
  };
}

export function waitingContainer(reason: string, message?: string, restartCount = 0): V1ContainerStatus {
  return {
    name: "app",
    image: IMAGE_V1,
    imageID: "",
    ready: false,
    restartCount,
    state: { waiting: { reason, ...(message ? { message } : {}) } },
  };
}

/** Its container restarting after exit code 1: CrashLoopBackOff, as the kubelet reports it. */
export function crashLoopContainer(restartCount = 3): V1ContainerStatus {
  return {
    ...waitingContainer("CrashLoopBackOff", "back-off 40s restarting failed container=app", restartCount),
    lastState: { terminated: { exitCode: 1, reason: "Error" } },
  };
}

export interface SamplePodOptions {
  uid?: string;
  /** Added to app=grade-submission-api. */
  labels?: Readonly<Record<string, string>>;
  phase?: string;
  ready?: boolean;
  /** The image of its one container, "app". */
  image?: string;
  /** That container's status; running by default, Ready as `ready` says. */
  container?: V1ContainerStatus;
  deleting?: boolean;
}

export function samplePod(name: string, options: SamplePodOptions = {}): V1Pod {
  const ready = options.ready ?? true;
  const image = options.image ?? IMAGE_V1;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "grade",
      uid: options.uid ?? `uid-${name}`,
      labels: { app: "grade-submission-api", ...options.labels },
      ...(options.deleting ? { deletionTimestamp: new Date("2025-11-26T14:03:00Z") } : {}),
    },
    spec: { containers: [{ name: "app", image }] },
    status: {
      phase: options.phase ?? "Running",
      conditions: [
        { type: "PodScheduled", status: "True" },
        { type: "Ready", status: ready ? "True" : "False" },
      ],
      containerStatuses: [options.container ?? { ...runningContainer(image), ready }],
    },
  };
}
