import { CoordinationV1Api } from "@kubernetes/client-node";
import { ARGOCD_NAMESPACE, LAB_ID_LABEL_KEY } from "../argocd/application-spec";
import type { KubeClients } from "../kube/kube-clients";

/** What a sweep removed, by kind, for the setup's closing line. */
export interface SweepResult {
  applications: string[];
  namespaces: string[];
  secrets: string[];
  /** Leases this run's labs still held: a Ctrl-C ends a lab before it releases its lane. */
  leases: string[];
}

/** Objects of this run: labelled with a lab ID, and named after the run (every lab namespace ends in `-<runId>` or `-<runId>-r<n>`). */
const ofRun = (runId: string) => (name: string | undefined) =>
  name !== undefined && new RegExp(`-${runId}(-r\\d+)?($|-)`).test(name);

/**
 * Removes what this run's labs created on the cluster, whatever state the labs
 * were left in: a Ctrl-C ends the lab workers before they can clean up, and on
 * an existing cluster nothing else would. Deletions are not waited for (the
 * Applications' finalizers and the namespaces finish on their own).
 */
export async function sweepRunObjects(kube: KubeClients, runId: string): Promise<SweepResult> {
  const matches = ofRun(runId);
  const labelSelector = LAB_ID_LABEL_KEY;
  const apps = (await kube.custom.listNamespacedCustomObject({
    group: "argoproj.io",
    version: "v1alpha1",
    namespace: ARGOCD_NAMESPACE,
    plural: "applications",
    labelSelector,
  })) as { items: { metadata?: { name?: string } }[] };
  const applications = apps.items.map((a) => a.metadata?.name).filter(matches) as string[];
  for (const name of applications) {
    await kube.custom
      .deleteNamespacedCustomObject({
        group: "argoproj.io",
        version: "v1alpha1",
        namespace: ARGOCD_NAMESPACE,
        plural: "applications",
        name,
      })
      .catch(() => undefined);
  }
  const namespaces = (await kube.core.listNamespace({ labelSelector })).items
    .map((n) => n.metadata?.name)
    .filter(matches) as string[];
  for (const name of namespaces) await kube.core.deleteNamespace({ name }).catch(() => undefined);
  const secrets = (await kube.core.listNamespacedSecret({ namespace: ARGOCD_NAMESPACE, labelSelector })).items
    .map((s) => s.metadata?.name)
    .filter(matches) as string[];
  for (const name of secrets) {
    await kube.core.deleteNamespacedSecret({ namespace: ARGOCD_NAMESPACE, name }).catch(() => undefined);
  }
  const leases = await releaseLeasesOfRun(kube, runId);
  return { applications, namespaces, secrets, leases };
}

/** Deletes the Leases a lab of this run holds (holder "lab M3.3 of run <id> (…)"), so the next run need not wait them out. */
async function releaseLeasesOfRun(kube: KubeClients, runId: string): Promise<string[]> {
  const coordination = kube.kc.makeApiClient(CoordinationV1Api);
  const held = (await coordination.listNamespacedLease({ namespace: ARGOCD_NAMESPACE })).items.filter(
    (lease) => lease.spec?.holderIdentity?.includes(` of run ${runId} `),
  );
  for (const lease of held) {
    await coordination
      .deleteNamespacedLease({
        namespace: ARGOCD_NAMESPACE,
        name: lease.metadata?.name ?? "",
        // Only if still as read: a Lease another run took over meanwhile is not this run's.
        body: { preconditions: { resourceVersion: lease.metadata?.resourceVersion } },
      })
      .catch(() => undefined);
  }
  return held.map((lease) => lease.metadata?.name ?? "");
}

export function describeSweep(result: SweepResult): string {
  const count =
    result.applications.length + result.namespaces.length + result.secrets.length + result.leases.length;
  if (count === 0)
    return "no Applications, namespaces, repository Secrets or Leases of this run were left on the cluster";
  return `removed what the labs left on the cluster: ${result.applications.length} Application(s), ${result.namespaces.length} namespace(s), ${result.secrets.length} repository Secret(s), ${result.leases.length} Lease(s)`;
}
