import { describeApiError, isNotFound } from "../kube/api-error";
import type { KubeClients } from "../kube/kube-clients";
import type { RolloutObject } from "./rollout-status";

/** rollouts.argoproj.io, the one CRD of install.yaml with a status subresource (A5). */
export const ROLLOUT_API = { group: "argoproj.io", version: "v1alpha1", plural: "rollouts" } as const;

/** The REST path kubectl and the plugin address: `/apis/argoproj.io/v1alpha1/namespaces/<ns>/rollouts/<name>`. */
export function rolloutPath(namespace: string, name: string, subresource?: "status"): string {
  const base = `/apis/${ROLLOUT_API.group}/${ROLLOUT_API.version}/namespaces/${namespace}/${ROLLOUT_API.plural}/${name}`;
  return subresource ? `${base}/${subresource}` : base;
}

/** GET the Rollout as plain JSON (CustomObjectsApi does no Date conversion); undefined when it does not exist. */
export async function findRollout(
  k: KubeClients,
  namespace: string,
  name: string,
): Promise<RolloutObject | undefined> {
  try {
    return (await k.custom.getNamespacedCustomObject({ ...ROLLOUT_API, namespace, name })) as RolloutObject;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw new Error(`reading Rollout ${namespace}/${name}: ${describeApiError(e)}`);
  }
}

export async function readRollout(k: KubeClients, namespace: string, name: string): Promise<RolloutObject> {
  const ro = await findRollout(k, namespace, name);
  if (!ro) throw new Error(`Rollout ${namespace}/${name} not found`);
  return ro;
}
