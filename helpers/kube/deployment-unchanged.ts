import type { V1Deployment } from "@kubernetes/client-node";
import { type Expectation, expectation, fail, pass, type Verdict } from "../wait/expectation";
import { describeApiError } from "./api-error";
import type { KubeClients } from "./kube-clients";

/**
 * "Replicas unchanged", strictly: any write to the Deployment's spec (a scale included)
 * bumps metadata.generation, and Argo CD's self-heal reverting it would bump it again. So
 * an unchanged generation and replica count prove no write got through, even for a moment.
 */
export interface DeploymentSnapshot {
  /** A deleted Deployment that self-heal re-created starts again at generation 1: only its uid tells. */
  uid: string | undefined;
  generation: number | undefined;
  replicas: number | undefined;
}

export function deploymentSnapshot(d: V1Deployment): DeploymentSnapshot {
  return { uid: d.metadata?.uid, generation: d.metadata?.generation, replicas: d.spec?.replicas };
}

export function unchangedVerdict(d: V1Deployment | undefined, before: DeploymentSnapshot): Verdict {
  if (!d) return fail("the Deployment is gone");
  const now = deploymentSnapshot(d);
  if (now.uid !== before.uid)
    return fail(`the Deployment was deleted and re-created (uid ${before.uid} → ${now.uid})`);
  const text = `spec.replicas=${now.replicas}, generation ${now.generation} (before: ${before.replicas}, generation ${before.generation})`;
  return now.generation === before.generation && now.replicas === before.replicas
    ? pass(text)
    : fail(`the Deployment was changed: ${text}`);
}

export async function readDeploymentSnapshot(
  k: KubeClients,
  namespace: string,
  name: string,
): Promise<DeploymentSnapshot> {
  try {
    return deploymentSnapshot(await k.apps.readNamespacedDeployment({ namespace, name }));
  } catch (e) {
    throw new Error(`reading Deployment ${namespace}/${name}: ${describeApiError(e)}`);
  }
}

export function deploymentUnchanged(
  k: KubeClients,
  namespace: string,
  name: string,
  before: DeploymentSnapshot,
): Expectation {
  return expectation(
    `Deployment ${namespace}/${name} unchanged (${before.replicas} replicas, generation ${before.generation})`,
    async () => unchangedVerdict(await k.apps.readNamespacedDeployment({ namespace, name }), before),
  );
}
