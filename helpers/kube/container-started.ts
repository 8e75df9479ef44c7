import type { CoreV1Event, V1ContainerStatus, V1Pod, V1ReplicaSet } from "@kubernetes/client-node";
import { type Expectation, expectation, pass, pending, type Verdict } from "../wait/expectation";
import { describeApiError } from "./api-error";
import type { KubeClients } from "./kube-clients";
import { type LabelSelector, listPods, selectorString } from "./pod-listing";
import { summarizePods } from "./pod-summary";

/**
 * "Pod restarts" after a hotfix changes the image: a container of a pod of the ReplicaSet
 * on that image really started. Self-heal can take that pod away a second or two after
 * the edit, before any poll sees it, so the proof that outlives the pod counts: the
 * kubelet's Started event for the pod's container (events are kept an hour by default).
 * A live pod's container status counts too. A pod belongs to the ReplicaSet by its name,
 * which still holds once the pod is gone: the ReplicaSet controller names its pods
 * `<replicaset>-<5 characters>`.
 */

export interface StartEvidence {
  /** The app's ReplicaSets, current and kept as history. */
  replicaSets: readonly V1ReplicaSet[];
  /** The app's pods now. */
  pods: readonly V1Pod[];
  /** Events about pods in the namespace. */
  events: readonly CoreV1Event[];
}

/** The kubelet's reasons (pkg/kubelet/events): a container started, and its image pulled or found. */
export const STARTED_REASON = "Started";
export const PULLED_REASON = "Pulled";

interface Source {
  replicaSet: string;
  /** Names of the template's containers on the image. */
  containers: string[];
}

function sourcesOn(replicaSets: readonly V1ReplicaSet[], image: string): Source[] {
  return replicaSets.flatMap((rs) => {
    const containers = (rs.spec?.template?.spec?.containers ?? [])
      .filter((c) => c.image === image)
      .map((c) => c.name);
    return containers.length > 0 ? [{ replicaSet: rs.metadata?.name ?? "?", containers }] : [];
  });
}

const sourceOf = (podName: string, sources: readonly Source[]) =>
  sources.find((s) => new RegExp(`^${s.replicaSet.replaceAll(".", "\\.")}-[a-z0-9]{5}$`).test(podName));

const fieldPath = (container: string) => `spec.containers{${container}}`;

const when = (at: Date | string | undefined) => (at ? new Date(at).toISOString() : "an unrecorded time");

/** When the container started, from its current or last state. */
function startedAt(status: V1ContainerStatus): Date | undefined {
  return (
    status.state?.running?.startedAt ??
    status.state?.terminated?.startedAt ??
    status.lastState?.terminated?.startedAt ??
    status.lastState?.running?.startedAt
  );
}

function fromEvents(events: readonly CoreV1Event[], sources: readonly Source[], image: string) {
  for (const started of events) {
    const ref = started.involvedObject;
    const source = sourceOf(ref.name ?? "", sources);
    if (started.reason !== STARTED_REASON || ref.kind !== "Pod" || !source) continue;
    const container = source.containers.find((c) => ref.fieldPath === fieldPath(c));
    if (!container) continue;
    const pulled = events.find(
      (e) =>
        e.reason === PULLED_REASON &&
        e.involvedObject.name === ref.name &&
        e.involvedObject.fieldPath === ref.fieldPath,
    );
    return pass(
      `pod ${ref.name} of ReplicaSet ${source.replicaSet}: container ${container} started on ${image} at ${when(started.firstTimestamp ?? started.eventTime)} (the kubelet's Started event${pulled ? `; Pulled: ${pulled.message}` : ""})`,
    );
  }
  return undefined;
}

function fromStatuses(pods: readonly V1Pod[], sources: readonly Source[], image: string) {
  for (const pod of pods) {
    const name = pod.metadata?.name ?? "";
    const source = sourceOf(name, sources);
    const status = (pod.status?.containerStatuses ?? []).find(
      (cs) => source?.containers.includes(cs.name) && startedAt(cs),
    );
    if (source && status) {
      return pass(
        `pod ${name} of ReplicaSet ${source.replicaSet}: container ${status.name} started on ${image} at ${when(startedAt(status))} (its status: ${status.image})`,
      );
    }
  }
  return undefined;
}

/** What the pods of the ReplicaSets on `image` went through, from their events: "api-7d9-x2k4p: Scheduled, Killing". */
function eventTrail(events: readonly CoreV1Event[], sources: readonly Source[]): string {
  const trail = new Map<string, string[]>();
  for (const e of events) {
    const name = e.involvedObject.name ?? "";
    if (e.involvedObject.kind !== "Pod" || !sourceOf(name, sources)) continue;
    trail.set(name, [...(trail.get(name) ?? []), e.reason ?? "?"]);
  }
  return [...trail].map(([pod, reasons]) => `${pod}: ${reasons.join(", ")}`).join("; ") || "none";
}

export function containerStartedVerdict(seen: StartEvidence, image: string): Verdict {
  const sources = sourcesOn(seen.replicaSets, image);
  if (sources.length === 0) {
    const sets = seen.replicaSets.map((rs) => rs.metadata?.name ?? "?").join(", ") || "none";
    return pending(`no ReplicaSet on ${image}; ReplicaSets: ${sets}`);
  }
  const proof = fromEvents(seen.events, sources, image) ?? fromStatuses(seen.pods, sources, image);
  if (proof) return proof;
  const mine = seen.pods.filter((p) => sourceOf(p.metadata?.name ?? "", sources));
  return pending(
    `ReplicaSet ${sources.map((s) => s.replicaSet).join(", ")} on ${image}, no container of its pods started yet; its pods now: ${summarizePods(mine)}; their events: ${eventTrail(seen.events, sources)}`,
  );
}

export function containerStartedOnImage(
  k: KubeClients,
  namespace: string,
  selector: LabelSelector,
  image: string,
): Expectation {
  const labelSelector = selectorString(selector);
  return expectation(
    `a container of ${labelSelector} started on ${image} (running, or the kubelet's Started event)`,
    async () => {
      const [replicaSets, pods, events] = await Promise.all([
        k.apps.listNamespacedReplicaSet({ namespace, labelSelector }).catch((e: unknown) => {
          throw new Error(`listing ReplicaSets ${labelSelector} in ${namespace}: ${describeApiError(e)}`);
        }),
        listPods(k, namespace, selector),
        k.core
          .listNamespacedEvent({ namespace, fieldSelector: "involvedObject.kind=Pod" })
          .catch((e: unknown) => {
            throw new Error(`listing pod events in ${namespace}: ${describeApiError(e)}`);
          }),
      ]);
      return containerStartedVerdict({ replicaSets: replicaSets.items, pods, events: events.items }, image);
    },
  );
}
