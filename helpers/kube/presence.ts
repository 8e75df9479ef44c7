import type { KubernetesObject, V1Pod } from "@kubernetes/client-node";
import { type Expectation, expectation, pass, pending, type Verdict } from "../wait/expectation";
import type { KubeClients } from "./kube-clients";
import { describeRef, type KindRef, objectExpectation, objectRef, readObject } from "./object-ref";
import { type LabelSelector, listPods, selectorString } from "./pod-listing";
import { summarizePods } from "./pod-summary";

/**
 * Whether things exist in the cluster, for the labs that create and delete
 * through Git: an object that appears (a Service added in Git), pods that
 * disappear (a pruned Deployment's), and the opposite claims: an object gone,
 * or deleted and recreated (a new UID).
 */

export function presentVerdict(label: string, object: KubernetesObject | undefined): Verdict {
  if (!object) return pending(`${label} does not exist`);
  if (object.metadata?.deletionTimestamp) return pending(`${label} exists but is being deleted`);
  return pass(`${label} exists (uid ${object.metadata?.uid ?? "?"})`);
}

export function objectPresent(
  k: KubeClients,
  kind: KindRef,
  namespace: string | undefined,
  name: string,
): Expectation {
  return objectExpectation(k, objectRef(kind, namespace, name), "to exist", presentVerdict);
}

/** The UID of an object that must exist now: the "before" of a recreation claim. */
export async function uidOf(
  k: KubeClients,
  kind: KindRef,
  namespace: string | undefined,
  name: string,
): Promise<string> {
  const ref = objectRef(kind, namespace, name);
  const uid = (await readObject(k, ref))?.metadata?.uid;
  if (!uid) throw new Error(`${describeRef(ref)} does not exist, so it has no UID to compare with later`);
  return uid;
}

/** "Pods disappear": none left, terminating ones included (a terminating pod is still there). */
export function podsGoneVerdict(pods: readonly V1Pod[]): Verdict {
  return pods.length === 0 ? pass("no pods left") : pending(summarizePods(pods));
}

export function podsGone(k: KubeClients, namespace: string, selector: LabelSelector): Expectation {
  return expectation(`no pods ${selectorString(selector)} left in ${namespace}`, async () =>
    podsGoneVerdict(await listPods(k, namespace, selector)),
  );
}

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
