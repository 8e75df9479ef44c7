import { type ObjectRef, objectRef } from "../kube/object-ref";
import { IMAGE_PULL_FAILURES, type PodLike, podBlockers } from "../kube/pod-summary";
import { INFRASTRUCTURE_PREFIX } from "../report/categories";
import { type Expectation, expectation, fail, pass, pending, type Verdict } from "../wait/expectation";
import type { InstallInventory, WorkloadRef } from "./install-inventory";

/**
 * When an install is usable: CRDs Established, Deployments Available with every
 * replica updated, StatefulSets Ready. The verdicts are pure functions of the
 * objects; the expectations only read them. The shapes below are the fields
 * used, so plain JSON and @kubernetes/client-node models both fit.
 */

/** Reads one object; resolves undefined when it does not exist yet. Other errors throw (the wait keeps polling). */
export type ReadObject = (ref: ObjectRef) => Promise<unknown>;
/** Lists the pods of a namespace that carry all of `matchLabels`. */
export type ListPods = (
  namespace: string,
  matchLabels: Readonly<Record<string, string>>,
) => Promise<readonly unknown[]>;

export interface ConditionLike {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

export interface CrdLike {
  status?: { conditions?: readonly ConditionLike[] };
}

interface WorkloadSpec {
  replicas?: number;
  selector?: { matchLabels?: Readonly<Record<string, string>> };
}

export interface DeploymentLike {
  metadata?: { generation?: number };
  spec?: WorkloadSpec;
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    conditions?: readonly ConditionLike[];
  };
}

export interface StatefulSetLike {
  metadata?: { generation?: number };
  spec?: WorkloadSpec & { updateStrategy?: { type?: string } };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    readyReplicas?: number;
    updatedReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
  };
}

const condition = (conditions: readonly ConditionLike[] | undefined, type: string) =>
  conditions?.find((c) => c.type === type);

function describeCondition(type: string, c: ConditionLike | undefined): string {
  if (!c) return `${type} not reported yet`;
  const why = [c.reason, c.message].filter(Boolean).join(": ");
  return `${type}=${c.status ?? "?"}${why ? ` (${why})` : ""}`;
}

/**
 * The first pod container that cannot pull its image, as a sentence; the
 * message carries the infrastructure prefix so the report files it there.
 */
export function imagePullProblem(pods: readonly PodLike[]): string | undefined {
  const b = podBlockers(pods).find((blocker) => IMAGE_PULL_FAILURES.includes(blocker.reason));
  if (!b) return undefined;
  return `${INFRASTRUCTURE_PREFIX} pod ${b.pod} container ${b.container} cannot pull ${b.image ?? "?"}: ${b.reason}${b.message ? ` (${b.message})` : ""}. Preload the image into k3s (npm run doctor lists the install's images) or give the node access to its registry.`;
}

function staleGeneration(object: {
  metadata?: { generation?: number };
  status?: { observedGeneration?: number };
}) {
  const generation = object.metadata?.generation;
  const observed = object.status?.observedGeneration;
  if (generation === undefined) return undefined;
  return observed === undefined || observed < generation
    ? `the controller has not observed generation ${generation} yet (observedGeneration ${observed ?? "unset"})`
    : undefined;
}

export function crdVerdict(crd: CrdLike | undefined): Verdict {
  if (!crd) return pending("CRD not found yet");
  const conditions = crd.status?.conditions;
  const names = condition(conditions, "NamesAccepted");
  // A name conflict never resolves by waiting.
  if (names?.status === "False") return fail(describeCondition("NamesAccepted", names));
  const established = condition(conditions, "Established");
  const seen = describeCondition("Established", established);
  return established?.status === "True" ? pass(seen) : pending(seen);
}

export function deploymentVerdict(
  deployment: DeploymentLike | undefined,
  pods: readonly PodLike[] = [],
): Verdict {
  if (!deployment) return pending("Deployment not found yet");
  const pullProblem = imagePullProblem(pods);
  if (pullProblem) return fail(pullProblem);
  const stale = staleGeneration(deployment);
  if (stale) return pending(stale);
  const status = deployment.status ?? {};
  const progressing = condition(status.conditions, "Progressing");
  if (progressing?.status === "False" && progressing.reason === "ProgressDeadlineExceeded") {
    return fail(describeCondition("Progressing", progressing));
  }
  const desired = deployment.spec?.replicas ?? 1;
  // Counts are omitted from status when 0.
  const updated = status.updatedReplicas ?? 0;
  const total = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const availableCondition = condition(status.conditions, "Available");
  const seen = `${updated}/${desired} replicas updated, ${available} available, ${total} in total; ${describeCondition("Available", availableCondition)}`;
  const done =
    availableCondition?.status === "True" && updated === desired && total === updated && available >= desired;
  return done ? pass(seen) : pending(seen);
}

export function statefulSetVerdict(
  statefulSet: StatefulSetLike | undefined,
  pods: readonly PodLike[] = [],
): Verdict {
  if (!statefulSet) return pending("StatefulSet not found yet");
  const pullProblem = imagePullProblem(pods);
  if (pullProblem) return fail(pullProblem);
  const stale = staleGeneration(statefulSet);
  if (stale) return pending(stale);
  const status = statefulSet.status ?? {};
  const desired = statefulSet.spec?.replicas ?? 1;
  const ready = status.readyReplicas ?? 0;
  const updated = status.updatedReplicas ?? 0;
  // With OnDelete, pods move to a new revision only when deleted: the revisions may differ for good.
  const onDelete = statefulSet.spec?.updateStrategy?.type === "OnDelete";
  const revisionDone = onDelete || status.currentRevision === status.updateRevision;
  const revision = onDelete
    ? "update strategy OnDelete"
    : `revision ${status.currentRevision ?? "unset"}${revisionDone ? "" : ` updating to ${status.updateRevision ?? "unset"}`}`;
  const seen = `${ready}/${desired} replicas ready, ${updated} updated, ${revision}`;
  const done = ready === desired && (onDelete || updated === desired) && revisionDone;
  return done ? pass(seen) : pending(seen);
}

async function podsOf(
  spec: WorkloadSpec | undefined,
  namespace: string,
  listPods: ListPods | undefined,
): Promise<readonly PodLike[]> {
  const matchLabels = spec?.selector?.matchLabels;
  if (!listPods || !matchLabels || Object.keys(matchLabels).length === 0) return [];
  return (await listPods(namespace, matchLabels)) as readonly PodLike[];
}

export function crdEstablished(read: ReadObject, name: string): Expectation {
  return expectation(`CRD ${name} Established`, async () =>
    crdVerdict((await read(objectRef("CustomResourceDefinition", undefined, name))) as CrdLike | undefined),
  );
}

/** With `listPods`, a pod that cannot pull its image ends the wait at once instead of at the timeout. */
export function deploymentAvailable(
  read: ReadObject,
  namespace: string,
  name: string,
  listPods?: ListPods,
): Expectation {
  return expectation(`Deployment ${namespace}/${name} Available`, async () => {
    const deployment = (await read(objectRef("Deployment", namespace, name))) as DeploymentLike | undefined;
    return deploymentVerdict(deployment, await podsOf(deployment?.spec, namespace, listPods));
  });
}

export function statefulSetReady(
  read: ReadObject,
  namespace: string,
  name: string,
  listPods?: ListPods,
): Expectation {
  return expectation(`StatefulSet ${namespace}/${name} Ready`, async () => {
    const statefulSet = (await read(objectRef("StatefulSet", namespace, name))) as
      | StatefulSetLike
      | undefined;
    return statefulSetVerdict(statefulSet, await podsOf(statefulSet?.spec, namespace, listPods));
  });
}

export function workloadReady(read: ReadObject, workload: WorkloadRef, listPods?: ListPods): Expectation {
  return workload.kind === "Deployment"
    ? deploymentAvailable(read, workload.namespace, workload.name, listPods)
    : statefulSetReady(read, workload.namespace, workload.name, listPods);
}

/** Everything setup waits for after applying an install: its CRDs first, then its workloads. */
export function installExpectations(
  read: ReadObject,
  inventory: InstallInventory,
  listPods?: ListPods,
): Expectation[] {
  return [
    ...inventory.crds.map((name) => crdEstablished(read, name)),
    ...inventory.workloads.map((workload) => workloadReady(read, workload, listPods)),
  ];
}
