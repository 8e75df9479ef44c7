import type { CoreV1Event, V1Pod } from "@kubernetes/client-node";
import { stringify } from "yaml";
import { ARGOCD_NAMESPACE, LAB_ID_LABEL_KEY } from "../argocd/application-spec";
import type { LabRepo } from "../git/lab-repo";
import { ROLLOUTS_NAMESPACE } from "../install/patch-rollouts";
import { describeApiError } from "../kube/api-error";
import type { KubeClients } from "../kube/kube-clients";
import { attachText } from "../report/attach";
import { step } from "../report/step";

export interface DiagnosticsInput {
  kube: KubeClients;
  labId: string;
  namespace: string;
  /** When the lab started: controller logs are cut to what happened since. */
  startedAt: Date;
  repos: readonly LabRepo[];
  timeline: string;
}

/** The controllers whose logs explain what Argo CD and Rollouts did during the lab. */
export const CONTROLLERS = [
  { namespace: ARGOCD_NAMESPACE, selector: "app.kubernetes.io/name=argocd-application-controller" },
  { namespace: ARGOCD_NAMESPACE, selector: "app.kubernetes.io/name=argocd-repo-server" },
  { namespace: ROLLOUTS_NAMESPACE, selector: "app.kubernetes.io/name=argo-rollouts" },
] as const;

/** Each piece is collected on its own: one that cannot be read is noted, and the others still attach. */
async function attempt(name: string, collect: () => Promise<string>): Promise<void> {
  const text = await collect().catch((e: unknown) => `(could not collect: ${describeApiError(e)})`);
  await attachText(name, text || "(empty)");
}

const stripManaged = (o: { metadata?: { managedFields?: unknown } }) => {
  if (o.metadata) delete o.metadata.managedFields;
  return o;
};

async function podLogs(
  kube: KubeClients,
  pod: V1Pod,
  options: { previous?: boolean; sinceSeconds?: number },
) {
  const namespace = pod.metadata?.namespace ?? "";
  const name = pod.metadata?.name ?? "";
  const parts: string[] = [];
  for (const container of pod.spec?.containers ?? []) {
    const log = await kube.core
      .readNamespacedPodLog({ namespace, name, container: container.name, ...options })
      .catch((e: unknown) => `(no log: ${describeApiError(e)})`);
    parts.push(`=== ${name}/${container.name}${options.previous ? " (previous)" : ""}\n${log}`);
  }
  return parts.join("\n");
}

/**
 * The namespace's events, oldest first. client-node gives the timestamps as Date objects:
 * compared as strings ("Mon Nov 30 …" < "Sun Nov 29 …") they sort by weekday name, not time.
 */
export function formatEvents(events: readonly CoreV1Event[]): string {
  const at = (e: CoreV1Event) => {
    const time = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp;
    return time ? new Date(time) : undefined;
  };
  return [...events]
    .sort((a, b) => (at(a)?.getTime() ?? 0) - (at(b)?.getTime() ?? 0))
    .map(
      (e) =>
        `${at(e)?.toISOString() ?? "(no time)"} ${e.type} ${e.reason} ${e.involvedObject.kind}/${e.involvedObject.name}: ${e.message}`,
    )
    .join("\n");
}

/**
 * What a person needs to debug a failed lab, gathered before cleanup removes
 * it: Applications and Rollouts as YAML, the namespace's events, its pods with
 * current and previous logs, the controllers' logs since the lab started, the
 * lab repos' history and the timeline of state changes.
 */
export async function attachDiagnostics(input: DiagnosticsInput): Promise<void> {
  const { kube, namespace } = input;
  const sinceSeconds = Math.ceil((Date.now() - input.startedAt.getTime()) / 1000) + 5;
  await step("Diagnostics, collected on failure before cleanup", async () => {
    await attempt("timeline of state changes", async () => input.timeline);
    await attempt("Applications (YAML)", async () => {
      const list = (await kube.custom.listNamespacedCustomObject({
        group: "argoproj.io",
        version: "v1alpha1",
        namespace: ARGOCD_NAMESPACE,
        plural: "applications",
        labelSelector: `${LAB_ID_LABEL_KEY}=${input.labId}`,
      })) as { items: { metadata?: { managedFields?: unknown } }[] };
      return list.items.map((a) => stringify(stripManaged(a))).join("---\n");
    });
    await attempt("Rollouts (YAML)", async () => {
      const list = (await kube.custom.listNamespacedCustomObject({
        group: "argoproj.io",
        version: "v1alpha1",
        namespace,
        plural: "rollouts",
      })) as { items: { metadata?: { managedFields?: unknown } }[] };
      return list.items.map((r) => stringify(stripManaged(r))).join("---\n") || "(no Rollouts)";
    });
    await attempt(`events in ${namespace}`, async () => {
      const events = await kube.core.listNamespacedEvent({ namespace });
      return formatEvents(events.items);
    });
    const pods = await kube.core.listNamespacedPod({ namespace }).then(
      (l) => l.items,
      () => [] as V1Pod[],
    );
    await attempt(`pods in ${namespace} (YAML)`, async () =>
      pods.map((p) => stringify(stripManaged(p))).join("---\n"),
    );
    await attempt("pod logs (current)", async () =>
      (await Promise.all(pods.map((p) => podLogs(kube, p, {})))).join("\n"),
    );
    await attempt("pod logs (previous containers)", async () =>
      (await Promise.all(pods.map((p) => podLogs(kube, p, { previous: true })))).join("\n"),
    );
    for (const controller of CONTROLLERS) {
      await attempt(`${controller.selector.split("=")[1]} log since the lab started`, async () => {
        const list = await kube.core.listNamespacedPod({
          namespace: controller.namespace,
          labelSelector: controller.selector,
        });
        return (await Promise.all(list.items.map((p) => podLogs(kube, p, { sinceSeconds })))).join("\n");
      });
    }
    for (const repo of input.repos) {
      await attempt(`git log of ${repo.remoteUrl}`, () => repo.log(20));
    }
  });
}
