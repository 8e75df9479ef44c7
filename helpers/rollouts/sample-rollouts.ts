import type { V1Pod } from "@kubernetes/client-node";
import { IMAGE_V1, IMAGE_V2, samplePod } from "../kube/sample-pods";
import { POD_TEMPLATE_HASH_LABEL } from "./canary-split";
import { courseRollout } from "./course-rollout";
import type { RolloutObject } from "./rollout-status";

/**
 * For self-tests: the course's Rollout in the states the labs pass through,
 * written as the v1.9.1 controller leaves them (field names from types.go; see
 * docs/upstream/rollouts-k3s-testcontainers.md A4).
 */
export { IMAGE_V1, IMAGE_V2 };
export const STABLE_HASH = "6b8f9c7d5d";
export const CANARY_HASH = "7c94d6f8b4";

type Status = NonNullable<RolloutObject["status"]>;

/** Generation 2 (the image changed to v2), observed, with the given status fields over a Progressing base. */
export function sampleRollout(status: Partial<Status>, generation = 2): RolloutObject {
  const ro = courseRollout({ namespace: "grade", image: IMAGE_V2 });
  return {
    ...ro,
    metadata: { ...ro.metadata, uid: "0d5c3b52-6f0e-4c59-9a57-2f7f0d3f6d11", generation },
    status: {
      observedGeneration: String(generation),
      currentPodHash: CANARY_HASH,
      stableRS: STABLE_HASH,
      currentStepHash: "5f77b5c6c9",
      replicas: 4,
      updatedReplicas: 1,
      readyReplicas: 4,
      availableReplicas: 4,
      phase: "Progressing",
      message: "more replicas need to be updated",
      selector: "app=grade-submission-api",
      canary: {},
      ...status,
    },
  };
}

/** Paused by the timed pause step 1 (setWeight 20 done: 1 canary + 3 stable). */
export const pausedAtStep1 = sampleRollout({
  currentStepIndex: 1,
  controllerPause: true,
  pauseConditions: [{ reason: "CanaryPauseStep", startTime: "2025-11-26T14:02:11Z" }],
  phase: "Paused",
  message: "CanaryPauseStep",
});

/** Right after a promote: pause condition cleared by the plugin, controller not yet reconciled, phase still stale. */
export const unpausingAtStep1 = sampleRollout({ ...pausedAtStep1.status, pauseConditions: null });

/** The controller has set the step index to the pause step; the pause condition comes in the next reconcile. */
export const indexOnlyAtStep1 = sampleRollout({ currentStepIndex: 1 });

/** Paused at the final pause {} (step 3, setWeight 50 done: 2 canary + 2 stable). */
export const pausedAtStep3 = sampleRollout({
  currentStepIndex: 3,
  controllerPause: true,
  pauseConditions: [{ reason: "CanaryPauseStep", startTime: "2025-11-26T14:03:02Z" }],
  updatedReplicas: 2,
  phase: "Paused",
  message: "CanaryPauseStep",
});

/** All steps done: stable is the new hash, 3 pods. */
export const healthyOnV2 = sampleRollout({
  currentStepIndex: 4,
  stableRS: CANARY_HASH,
  replicas: 3,
  updatedReplicas: 3,
  readyReplicas: 3,
  availableReplicas: 3,
  phase: "Healthy",
  message: "",
});

/** After kubectl argo rollouts abort at step 1 and the controller's reconcile. */
export const abortedAtStep1 = sampleRollout({
  abort: true,
  abortedAt: "2025-11-26T14:02:30Z",
  currentStepIndex: 0,
  replicas: 3,
  updatedReplicas: 0,
  readyReplicas: 3,
  availableReplicas: 3,
  phase: "Degraded",
  message: "RolloutAborted: Rollout aborted update to revision 2",
});

/** The controller's message when a canary's ReplicaSet did not become available in time. */
export const PROGRESS_DEADLINE_MESSAGE =
  'ProgressDeadlineExceeded: ReplicaSet "grade-submission-api-7c94d6f8b4" has timed out progressing.';

/** A pod of the Rollout's ReplicaSet `hash`: stable pods run v1, others v2. */
export function rolloutPod(
  name: string,
  hash: string,
  options: { image?: string; ready?: boolean; deleting?: boolean } = {},
): V1Pod {
  return samplePod(`grade-submission-api-${hash}-${name}`, {
    ...options,
    uid: `uid-${hash}-${name}`,
    labels: { [POD_TEMPLATE_HASH_LABEL]: hash },
    image: options.image ?? (hash === STABLE_HASH ? IMAGE_V1 : IMAGE_V2),
  });
}

/** A canary pod of CANARY_HASH whose container waits on its image (ImagePullBackOff, ErrImagePull). */
export function canaryPodWaitingOnImage(name: string, reason: string, message: string): V1Pod {
  const pod = rolloutPod(name, CANARY_HASH, { ready: false });
  pod.status = {
    phase: "Pending",
    containerStatuses: [
      {
        name: "app",
        image: IMAGE_V2,
        imageID: "",
        ready: false,
        restartCount: 0,
        state: { waiting: { reason, message } },
      },
    ],
  };
  return pod;
}

/** `canary` pods of CANARY_HASH and `stable` pods of STABLE_HASH, all Ready. */
export function podsOf(canary: number, stable: number): V1Pod[] {
  return [
    ...Array.from({ length: canary }, (_, i) => rolloutPod(`c${i}`, CANARY_HASH)),
    ...Array.from({ length: stable }, (_, i) => rolloutPod(`s${i}`, STABLE_HASH)),
  ];
}
