import type { KubernetesObject, V1Deployment, V1Pod } from "@kubernetes/client-node";
import { type Expectation, expectation, fail, pass, pending, type Verdict } from "../wait/expectation";
import { describeApiError, isNotFound } from "./api-error";
import type { KubeClients } from "./kube-clients";
import { type KindRef, objectExpectation, objectRef } from "./object-ref";
import {
  describeBlocker,
  isPodReady,
  livePods,
  podBlockers,
  podName,
  podRunsImage,
  summarizePods,
} from "./pod-summary";

/**
 * What the labs claim about workloads, as tri-state verdicts: pure functions of
 * the objects (unit-tested on literals) and Expectation factories that read the
 * cluster and apply them. Terminating pods never count towards a claim, as in
 * Argo Rollouts' e2e `WaitForRevisionPodCount`; they still show in messages.
 */

export type LabelSelector = string | Readonly<Record<string, string>>;

export function selectorString(selector: LabelSelector): string {
  return typeof selector === "string"
    ? selector
    : Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
}

export async function listPods(k: KubeClients, namespace: string, selector: LabelSelector): Promise<V1Pod[]> {
  try {
    return (await k.core.listNamespacedPod({ namespace, labelSelector: selectorString(selector) })).items;
  } catch (e) {
    throw new Error(`listing pods ${selectorString(selector)} in ${namespace}: ${describeApiError(e)}`);
  }
}

/** A blocked container ends every pod wait at once, naming pod, container and reason. */
function blockedVerdict(pods: readonly V1Pod[]): Verdict | undefined {
  const [first, ...more] = podBlockers(pods);
  if (!first) return undefined;
  const others = more.length > 0 ? ` (and ${more.length} more)` : "";
  return fail(`${describeBlocker(first)}${others}; ${summarizePods(pods)}`);
}

// ---- Deployment replicas ------------------------------------------------------------------------

export function deploymentReplicasVerdict(deployment: V1Deployment, replicas: number): Verdict {
  const generation = deployment.metadata?.generation ?? 0;
  const observed = deployment.status?.observedGeneration ?? 0;
  const spec = deployment.spec?.replicas ?? 1;
  // The API omits zero counts.
  const total = deployment.status?.replicas ?? 0;
  const ready = deployment.status?.readyReplicas ?? 0;
  const updated = deployment.status?.updatedReplicas ?? 0;
  const state = `spec.replicas=${spec}, ${ready} ready / ${total} total, ${updated} updated, observedGeneration ${observed} of ${generation}`;
  // Counts written before the controller saw the latest spec describe the previous one.
  if (observed < generation) return pending(`generation ${generation} not observed yet; ${state}`);
  if (spec !== replicas) return pending(state);
  if (ready !== replicas || total !== replicas || updated !== replicas) return pending(state);
  return pass(state);
}

export function deploymentReplicasAre(
  k: KubeClients,
  namespace: string,
  name: string,
  replicas: number,
): Expectation {
  return expectation(
    `Deployment ${namespace}/${name} at ${replicas} ready replica${replicas === 1 ? "" : "s"}`,
    async () => {
      try {
        return deploymentReplicasVerdict(
          await k.apps.readNamespacedDeployment({ namespace, name }),
          replicas,
        );
      } catch (e) {
        if (isNotFound(e)) return pending(`Deployment ${namespace}/${name} not found`);
        throw new Error(describeApiError(e));
      }
    },
  );
}

/**
 * The Deployment's template is on `image` and its rollout is complete: the latest spec observed,
 * and its ready, total and updated counts all at spec.replicas, so no pod of another template
 * (e.g. a kubectl edit's nginx pod) is left but terminating ones. After a change away from
 * `image`, this passes only once something (self-heal) put `image` back, which a pod check
 * alone cannot tell from the original pod that a maxUnavailable-0 rollout never replaced.
 */
export function deploymentOnImageVerdict(deployment: V1Deployment, image: string): Verdict {
  const images = (deployment.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? "");
  if (!images.includes(image)) return pending(`the pod template is on [${images.join(", ")}], not ${image}`);
  const rolledOut = deploymentReplicasVerdict(deployment, deployment.spec?.replicas ?? 1);
  return rolledOut.state === "pass"
    ? pass(`pod template on ${image}, rolled out: ${rolledOut.message}`)
    : pending(`pod template on ${image}, rollout not complete: ${rolledOut.message}`);
}

export function deploymentOnImage(
  k: KubeClients,
  namespace: string,
  name: string,
  image: string,
): Expectation {
  return expectation(`Deployment ${namespace}/${name} rolled out on ${image}`, async () => {
    try {
      return deploymentOnImageVerdict(await k.apps.readNamespacedDeployment({ namespace, name }), image);
    } catch (e) {
      if (isNotFound(e)) return pending(`Deployment ${namespace}/${name} not found`);
      throw new Error(describeApiError(e));
    }
  });
}

// ---- Pods Ready ---------------------------------------------------------------------------------

export interface PodsReadyOptions {
  /** Exactly this many live pods; otherwise at least one. */
  count?: number;
  /** Every live pod runs this image (spec reference) in one of its containers. */
  image?: string;
}

export function podsReadyVerdict(pods: readonly V1Pod[], options: PodsReadyOptions = {}): Verdict {
  const blocked = blockedVerdict(pods);
  if (blocked) return blocked;
  const summary = summarizePods(pods);
  const live = livePods(pods);
  if (live.length === 0) return pending(summary);
  if (options.count !== undefined && live.length !== options.count)
    return pending(`${live.length} live of ${options.count} wanted; ${summary}`);
  const { image } = options;
  if (image !== undefined) {
    const others = live.filter((p) => !podRunsImage(p, image));
    if (others.length > 0) return pending(`${others.map(podName).join(", ")} not on ${image}; ${summary}`);
  }
  return live.every(isPodReady) ? pass(summary) : pending(summary);
}

export function podsReady(
  k: KubeClients,
  namespace: string,
  selector: LabelSelector,
  options: PodsReadyOptions = {},
): Expectation {
  const what = [
    options.count !== undefined ? `${options.count} pods` : "",
    options.image ? `on ${options.image}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  return expectation(
    `pods ${selectorString(selector)} in ${namespace} Ready${what ? ` (${what})` : ""}`,
    async () => podsReadyVerdict(await listPods(k, namespace, selector), options),
  );
}

// ---- CrashLoopBackOff (the broken-app lab) ------------------------------------------------------

export interface CrashLoopOptions {
  /** The container has restarted at least this often (default 1): it crashed more than once. */
  minRestarts?: number;
}

export function crashLoopVerdict(pods: readonly V1Pod[], options: CrashLoopOptions = {}): Verdict {
  const minRestarts = options.minRestarts ?? 1;
  // An image that cannot be pulled never runs, so it can never crash: a different failure.
  const blocked = blockedVerdict(pods);
  if (blocked) return blocked;
  for (const pod of livePods(pods)) {
    for (const cs of pod.status?.containerStatuses ?? []) {
      if (cs.state?.waiting?.reason === "CrashLoopBackOff" && cs.restartCount >= minRestarts) {
        const last = cs.lastState?.terminated;
        const exit = last ? `, last exit code ${last.exitCode}${last.reason ? ` (${last.reason})` : ""}` : "";
        return pass(
          `pod ${podName(pod)} container ${cs.name} in CrashLoopBackOff after ${cs.restartCount} restarts${exit}; ${summarizePods(pods)}`,
        );
      }
    }
  }
  return pending(summarizePods(pods));
}

export function podsCrashLooping(
  k: KubeClients,
  namespace: string,
  selector: LabelSelector,
  options: CrashLoopOptions = {},
): Expectation {
  return expectation(
    `a pod ${selectorString(selector)} in ${namespace} in CrashLoopBackOff (at least ${options.minRestarts ?? 1} restarts)`,
    async () => crashLoopVerdict(await listPods(k, namespace, selector), options),
  );
}

// ---- Pods replaced (Kubernetes heals pods) ------------------------------------------------------

export function podsReplacedVerdict(
  pods: readonly V1Pod[],
  oldUids: Iterable<string>,
  options: Pick<PodsReadyOptions, "count"> = {},
): Verdict {
  const old = new Set(oldUids);
  const blocked = blockedVerdict(pods);
  if (blocked) return blocked;
  const summary = summarizePods(pods);
  const live = livePods(pods);
  const stillOld = live.filter((p) => old.has(p.metadata?.uid ?? ""));
  if (stillOld.length > 0)
    return pending(`old pods still live: ${stillOld.map(podName).join(", ")}; ${summary}`);
  if (live.length === 0) return pending(`no replacement pods yet; ${summary}`);
  if (options.count !== undefined && live.length !== options.count)
    return pending(`${live.length} live of ${options.count} wanted; ${summary}`);
  return live.every(isPodReady) ? pass(`all live pods are new; ${summary}`) : pending(summary);
}

export function podsReplaced(
  k: KubeClients,
  namespace: string,
  selector: LabelSelector,
  oldUids: Iterable<string>,
  options: Pick<PodsReadyOptions, "count"> = {},
): Expectation {
  const old = [...oldUids];
  return expectation(
    `pods ${selectorString(selector)} in ${namespace} replaced by new Ready pods (none of ${old.length} old UIDs)`,
    async () => podsReplacedVerdict(await listPods(k, namespace, selector), old, options),
  );
}

// ---- Objects gone / recreated -------------------------------------------------------------------

function presence(object: KubernetesObject): string {
  const m = object.metadata;
  const deleting = m?.deletionTimestamp
    ? `, being deleted since ${new Date(m.deletionTimestamp).toISOString()}`
    : "";
  const finalizers = m?.finalizers?.length ? `, finalizers [${m.finalizers.join(", ")}]` : "";
  return `uid ${m?.uid ?? "?"}${deleting}${finalizers}`;
}

export function goneVerdict(label: string, object: KubernetesObject | undefined): Verdict {
  return object ? pending(`${label} still exists (${presence(object)})`) : pass(`${label} is gone`);
}

export function recreatedVerdict(
  label: string,
  object: KubernetesObject | undefined,
  oldUid: string,
): Verdict {
  if (!object) return pending(`${label} does not exist`);
  const uid = object.metadata?.uid;
  if (uid === oldUid) return pending(`${label} is still the old object (${presence(object)})`);
  return pass(`${label} recreated with uid ${uid} (was ${oldUid})`);
}

export function objectGone(
  k: KubeClients,
  kind: KindRef,
  namespace: string | undefined,
  name: string,
): Expectation {
  return objectExpectation(k, objectRef(kind, namespace, name), "gone", goneVerdict);
}

export function objectRecreated(
  k: KubeClients,
  kind: KindRef,
  namespace: string | undefined,
  name: string,
  oldUid: string,
): Expectation {
  return objectExpectation(
    k,
    objectRef(kind, namespace, name),
    `recreated (a new UID, not ${oldUid})`,
    (label, object) => recreatedVerdict(label, object, oldUid),
  );
}

// ---- ReplicaSets (a rollout happened, even if it was undone at once) ---------------------------

/**
 * Passes once the Deployment has (or had: ReplicaSets are kept as history) a
 * ReplicaSet whose pods run `image`: proof that a change rolled pods, however
 * quickly it was undone.
 */
export function replicaSetWithImage(
  k: KubeClients,
  namespace: string,
  selector: LabelSelector,
  image: string,
): Expectation {
  return expectation(`a ReplicaSet of ${selectorString(selector)} with pods on ${image}`, async () => {
    const sets = (
      await k.apps.listNamespacedReplicaSet({ namespace, labelSelector: selectorString(selector) })
    ).items;
    const images = sets.map((rs) => ({
      name: rs.metadata?.name ?? "?",
      images: (rs.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ""),
    }));
    const match = images.find((rs) => rs.images.includes(image));
    const seen = images.map((rs) => `${rs.name} (${rs.images.join(", ")})`).join("; ") || "no ReplicaSets";
    return match ? pass(`${match.name} runs ${image}`) : pending(seen);
  });
}
