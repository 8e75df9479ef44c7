import type { V1Pod } from "@kubernetes/client-node";
import { describeApiError } from "./api-error";
import type { KubeClients } from "./kube-clients";

/** Pods by label selector, as every pod claim reads them. */

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
