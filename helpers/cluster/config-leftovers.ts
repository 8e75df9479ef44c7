import { ARGOCD_NAMESPACE } from "../argocd/application-spec";
import { GLOBAL_CONFIG_LEASE, sweepOwnedArgoCdConfig } from "../argocd/owned-config";
import type { KubeClients } from "../kube/kube-clients";
import { LeaseLock } from "../kube/lease-lock";

/**
 * On an existing cluster, what a Ctrl-C'd or killed lab left in Argo CD's configuration is
 * removed by the run itself, not only by the next M3.3 or M3.4: at setup and at teardown, if
 * the lane is free at that moment (taken once, never waited for), the suite's marks are swept
 * under it. A lane someone holds means a lab is at work; its own undo, or the next lab's
 * sweep, takes care of it.
 */
export async function sweepConfigLeftoversIfLaneFree(kube: KubeClients, holder: string): Promise<string> {
  const lock = new LeaseLock(kube.kc, { namespace: ARGOCD_NAMESPACE, name: GLOBAL_CONFIG_LEASE }, holder);
  const taken = await lock.tryAcquire();
  if (!taken.acquired)
    return `Argo CD's configuration not swept now: its lane is held by ${taken.heldBy}, whose lab undoes its own changes`;
  try {
    const { removed } = await sweepOwnedArgoCdConfig(kube.core);
    return removed.length === 0
      ? "nothing of the suite's was left in Argo CD's configuration"
      : `removed from Argo CD's configuration what an interrupted lab had left: ${removed.join("; ")}`;
  } finally {
    await lock.release();
  }
}
