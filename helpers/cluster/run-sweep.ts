import { ARGOCD_NAMESPACE, LAB_ID_LABEL_KEY } from "../argocd/application-spec";
import type { KubeClients } from "../kube/kube-clients";

/** What a sweep removed, by kind, for the setup's closing line. */
export interface SweepResult {
  applications: string[];
  namespaces: string[];
  secrets: string[];
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
  return { applications, namespaces, secrets };
}

export function describeSweep(result: SweepResult): string {
  const count = result.applications.length + result.namespaces.length + result.secrets.length;
  if (count === 0)
    return "no Applications, namespaces or repository Secrets of this run were left on the cluster";
  return `removed what the labs left on the cluster: ${result.applications.length} Application(s), ${result.namespaces.length} namespace(s), ${result.secrets.length} repository Secret(s)`;
}
