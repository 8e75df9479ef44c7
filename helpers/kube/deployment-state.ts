import type { V1Deployment } from "@kubernetes/client-node";
import { type Expectation, expectation, pass, pending, type Verdict } from "../wait/expectation";
import { describeApiError, isNotFound } from "./api-error";
import type { KubeClients } from "./kube-clients";
import { type LabelSelector, selectorString } from "./pod-listing";

/**
 * What the labs claim about Deployments: their ready replicas, their pod template's image
 * and its rollout, and the ReplicaSets a rollout leaves behind.
 */

export function deploymentReplicasVerdict(deployment: V1Deployment, replicas: number): Verdict {
  const generation = deployment.metadata?.generation ?? 0;
  const observed = deployment.status?.observedGeneration ?? 0;
  const spec = deployment.spec?.replicas ?? 1;
  // The API omits zero counts.
  const total = deployment.status?.replicas ?? 0;
  const ready = deployment.status?.readyReplicas ?? 0;
  const updated = deployment.status?.updatedReplicas ?? 0;
  const state = `spec.replicas=${spec}, ${ready} ready / ${total} total, ${updated} updated, observedGeneration ${observed} of ${generation}`;
  // Counts written before the controller saw the latest spec describe the previous one.
  if (observed < generation) return pending(`generation ${generation} not observed yet; ${state}`);
  if (spec !== replicas) return pending(state);
  if (ready !== replicas || total !== replicas || updated !== replicas) return pending(state);
  return pass(state);
}

export function deploymentReplicasAre(
  k: KubeClients,
  namespace: string,
  name: string,
  replicas: number,
): Expectation {
  return expectation(
    `Deployment ${namespace}/${name} at ${replicas} ready replica${replicas === 1 ? "" : "s"}`,
    async () => {
      try {
        return deploymentReplicasVerdict(
          await k.apps.readNamespacedDeployment({ namespace, name }),
          replicas,
        );
      } catch (e) {
        if (isNotFound(e)) return pending(`Deployment ${namespace}/${name} not found`);
        throw new Error(describeApiError(e));
      }
    },
  );
}

/**
 * The Deployment's template is on `image` and its rollout is complete: the latest spec observed,
 * and its ready, total and updated counts all at spec.replicas, so no pod of another template
 * (e.g. a kubectl edit's nginx pod) is left but terminating ones. After a change away from
 * `image`, this passes only once something (self-heal) put `image` back, which a pod check
 * alone cannot tell from the original pod that a maxUnavailable-0 rollout never replaced.
 */
export function deploymentOnImageVerdict(deployment: V1Deployment, image: string): Verdict {
  const images = (deployment.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? "");
  if (!images.includes(image)) return pending(`the pod template is on [${images.join(", ")}], not ${image}`);
  const rolledOut = deploymentReplicasVerdict(deployment, deployment.spec?.replicas ?? 1);
  return rolledOut.state === "pass"
    ? pass(`pod template on ${image}, rolled out: ${rolledOut.message}`)
    : pending(`pod template on ${image}, rollout not complete: ${rolledOut.message}`);
}

export function deploymentOnImage(
  k: KubeClients,
  namespace: string,
  name: string,
  image: string,
): Expectation {
  return expectation(`Deployment ${namespace}/${name} rolled out on ${image}`, async () => {
    try {
      return deploymentOnImageVerdict(await k.apps.readNamespacedDeployment({ namespace, name }), image);
    } catch (e) {
      if (isNotFound(e)) return pending(`Deployment ${namespace}/${name} not found`);
      throw new Error(describeApiError(e));
    }
  });
}

/**
 * Passes once the Deployment has (or had: ReplicaSets are kept as history) a
 * ReplicaSet whose pods run `image`: proof that a change rolled pods, however
 * quickly it was undone.
 */
export function replicaSetWithImage(
  k: KubeClients,
  namespace: string,
  selector: LabelSelector,
  image: string,
): Expectation {
  return expectation(`a ReplicaSet of ${selectorString(selector)} with pods on ${image}`, async () => {
    const sets = (
      await k.apps.listNamespacedReplicaSet({ namespace, labelSelector: selectorString(selector) })
    ).items;
    const images = sets.map((rs) => ({
      name: rs.metadata?.name ?? "?",
      images: (rs.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ""),
    }));
    const match = images.find((rs) => rs.images.includes(image));
    const seen = images.map((rs) => `${rs.name} (${rs.images.join(", ")})`).join("; ") || "no ReplicaSets";
    return match ? pass(`${match.name} runs ${image}`) : pending(seen);
  });
}
