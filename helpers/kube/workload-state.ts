import type { V1Pod } from "@kubernetes/client-node";
import { type Expectation, expectation, fail, pass, pending, type Verdict } from "../wait/expectation";
import type { KubeClients } from "./kube-clients";
import { type LabelSelector, listPods, selectorString } from "./pod-listing";
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
 * What the labs claim about a workload's pods, as tri-state verdicts: pure functions of
 * the objects (unit-tested on literals) and Expectation factories that read the
 * cluster and apply them. Terminating pods never count towards a claim, as in
 * Argo Rollouts' e2e `WaitForRevisionPodCount`; they still show in messages.
 */

// Claims with files of their own, still exported from here for existing imports.
export {
  deploymentOnImage,
  deploymentOnImageVerdict,
  deploymentReplicasAre,
  deploymentReplicasVerdict,
  replicaSetWithImage,
} from "./deployment-state";
export { type LabelSelector, listPods, selectorString } from "./pod-listing";
export { goneVerdict, objectGone, objectRecreated, recreatedVerdict } from "./presence";

/** A blocked container ends every pod wait at once, naming pod, container and reason. */
function blockedVerdict(pods: readonly V1Pod[]): Verdict | undefined {
  const [first, ...more] = podBlockers(pods);
  if (!first) return undefined;
  const others = more.length > 0 ? ` (and ${more.length} more)` : "";
  return fail(`${describeBlocker(first)}${others}; ${summarizePods(pods)}`);
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
