import { hostname } from "node:os";
import { ARGOCD_NAMESPACE } from "../argocd/application-spec";
import { apiErrorStatus, describeApiError } from "../kube/api-error";
import { LeaseLock } from "../kube/lease-lock";
import { step } from "../report/step";
import { type Expectation, expectation, fail, pass, pending } from "../wait/expectation";
import type { LabContext } from "./lab-context";

/**
 * The serial lane for labs that change Argo CD's global configuration (argocd-cm,
 * argocd-rbac-cm). Spec files run in parallel workers, and two runs may share an
 * existing cluster, so the lane is a Lease in Argo CD's namespace: one holder on
 * the whole cluster at a time.
 */
export const GLOBAL_CONFIG_LEASE = "gitops-conformance-argocd-global-config";
/** Another lab may hold the lane for its whole run: deploy, config change, checks, screenshots, restore. */
export const GLOBAL_CONFIG_LOCK_TIMEOUT_MS = 15 * 60_000;

/** Passes once this holder has the lock; each check is one attempt to take it. */
export function lockAcquired(lock: LeaseLock, what: string): Expectation {
  return expectation(`${what} to be free for ${lock.holder}`, async () => {
    let result: Awaited<ReturnType<LeaseLock["tryAcquire"]>>;
    try {
      result = await lock.tryAcquire();
    } catch (error) {
      // A refusal that no amount of waiting changes (bad request, no rights) ends the wait at once.
      const code = apiErrorStatus(error)?.code ?? 0;
      if (code >= 400 && code < 500 && ![408, 409, 429].includes(code))
        return fail(`the Lease cannot be taken: ${describeApiError(error)}`);
      throw error;
    }
    if (result.acquired)
      return pass(`held by ${lock.holder}${result.reclaimed ? ` (reclaimed: ${result.reclaimed})` : ""}`);
    return pending(`held by ${result.heldBy}`);
  });
}

/**
 * Waits for the serial lane of Argo CD's global configuration and holds it until the lab
 * closes. Call it before changing argocd-cm or argocd-rbac-cm, so the restore (registered
 * after this) runs before the release.
 */
export async function holdGlobalConfigLock(lab: LabContext): Promise<void> {
  const lock = new LeaseLock(
    lab.kube.kc,
    { namespace: ARGOCD_NAMESPACE, name: GLOBAL_CONFIG_LEASE },
    `lab ${lab.lab.id} of run ${lab.cluster.runId} (pid ${process.pid} on ${hostname()})`,
  );
  await step("Given: the serial lane for changes to Argo CD's global configuration", async () => {
    await lab.waitUntil(
      lockAcquired(lock, "the Lease on argocd-cm and argocd-rbac-cm"),
      GLOBAL_CONFIG_LOCK_TIMEOUT_MS,
    );
  });
  // Renewed well within its duration; a worker that dies stops renewing and the next waiter takes over.
  const renewal = setInterval(() => void lock.renew().catch(() => {}), (lock.durationSeconds * 1000) / 3);
  renewal.unref();
  lab.onClose(async () => {
    clearInterval(renewal);
    await lock.release();
  });
}
