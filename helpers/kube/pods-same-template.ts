import type { V1Pod } from "@kubernetes/client-node";
import { type Expectation, expectation, pass, pending, type Verdict } from "../wait/expectation";
import type { KubeClients } from "./kube-clients";
import { type LabelSelector, listPods, selectorString } from "./pod-listing";
import { livePods, podImages, podName, summarizePods } from "./pod-summary";

/**
 * "Same image, same config" for pods a Deployment's ReplicaSet recreated: the
 * Deployment controller labels every pod with `pod-template-hash`, a hash of the
 * pod template, so equal hashes mean the same spec, and the images are compared
 * as written in the spec.
 */
export const POD_TEMPLATE_HASH_LABEL = "pod-template-hash";

/** The pods of a moment: their UIDs, and the template and images they share. */
export interface PodsSnapshot {
  uids: string[];
  templateHash: string;
  images: string[];
}

const hashOf = (pod: V1Pod) => pod.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL] ?? "";
const imagesOf = (pod: V1Pod) => [...podImages(pod)].sort();

export function snapshotOf(pods: readonly V1Pod[]): PodsSnapshot {
  const live = livePods(pods);
  const first = live[0];
  if (!first) throw new Error(`no live pods to take a snapshot of; ${summarizePods(pods)}`);
  const differing = live.filter(
    (p) => hashOf(p) !== hashOf(first) || imagesOf(p).join() !== imagesOf(first).join(),
  );
  if (differing.length > 0 || hashOf(first) === "")
    throw new Error(`the pods do not share one pod template (a rollout under way?); ${summarizePods(pods)}`);
  return {
    uids: live.map((p) => p.metadata?.uid ?? ""),
    templateHash: hashOf(first),
    images: imagesOf(first),
  };
}

export async function podsNow(
  k: KubeClients,
  namespace: string,
  selector: LabelSelector,
): Promise<PodsSnapshot> {
  return snapshotOf(await listPods(k, namespace, selector));
}

export function sameTemplateVerdict(pods: readonly V1Pod[], before: PodsSnapshot): Verdict {
  const live = livePods(pods);
  if (live.length === 0) return pending(`no live pods; ${summarizePods(pods)}`);
  const other = live.find(
    (p) => hashOf(p) !== before.templateHash || imagesOf(p).join() !== before.images.join(),
  );
  if (other)
    return pending(
      `${podName(other)} has ${POD_TEMPLATE_HASH_LABEL}=${hashOf(other) || "none"} and [${imagesOf(other).join(", ")}], ` +
        `not ${before.templateHash} and [${before.images.join(", ")}]`,
    );
  return pass(
    `every live pod has ${POD_TEMPLATE_HASH_LABEL}=${before.templateHash} and [${before.images.join(", ")}]`,
  );
}

export function podsFromSameTemplate(
  k: KubeClients,
  namespace: string,
  selector: LabelSelector,
  before: PodsSnapshot,
): Expectation {
  return expectation(
    `pods ${selectorString(selector)} in ${namespace} on the same template (${POD_TEMPLATE_HASH_LABEL}=${before.templateHash}) and images as before`,
    async () => sameTemplateVerdict(await listPods(k, namespace, selector), before),
  );
}
