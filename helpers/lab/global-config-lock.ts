import { hostname } from "node:os";
import { ARGOCD_NAMESPACE } from "../argocd/application-spec";
import { GLOBAL_CONFIG_LEASE, sweepOwnedArgoCdConfig } from "../argocd/owned-config";
import { apiErrorStatus, describeApiError } from "../kube/api-error";
import { LeaseLock } from "../kube/lease-lock";
import { attachText } from "../report/attach";
import { step } from "../report/step";
import { type Expectation, expectation, fail, pass, pending } from "../wait/expectation";
import type { LabContext } from "./lab-context";

/**
 * The serial lane for labs that change Argo CD's global configuration (argocd-cm,
 * argocd-rbac-cm). Spec files run in parallel workers, and two runs may share an
 * existing cluster, so the lane is a Lease in Argo CD's namespace: one holder on
 * the whole cluster at a time.
 */

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

/** The lane, as its holder sees it: whether it may still edit Argo CD's global configuration. */
export interface GlobalConfigLane {
  /** Throws, saying why, once the Lease is someone else's or has not been renewed for its duration. */
  assertHeld(): void;
}

/**
 * Watches this holder's renewals: a waiter takes the Lease over once it has gone unrenewed
 * for its duration, so the holder stops editing well before that (two thirds of it, counted
 * from when the last successful renewal was sent), and for good once the lab has closed.
 */
export function laneWatch(lock: Pick<LeaseLock, "renew" | "durationSeconds" | "lease">, now = Date.now) {
  let renewedAt = now();
  let lostTo: string | undefined;
  let lastError: string | undefined;
  let closed = false;
  const name = `${lock.lease.namespace}/${lock.lease.name}`;
  const margin = (lock.durationSeconds * 1000 * 2) / 3;
  return {
    async renew(): Promise<void> {
      const sentAt = now();
      try {
        const result = await lock.renew();
        if (!result.held) lostTo ??= result.heldBy;
        else if (result.renewed) renewedAt = sentAt;
        else lastError = "a write to the Lease came in between (a takeover?)";
      } catch (error) {
        lastError = describeApiError(error);
      }
    },
    close(): void {
      closed = true;
    },
    assertHeld(): void {
      if (closed)
        throw new Error(
          `The lab has closed and released the lane for Argo CD's global configuration (Lease ${name}); it must not edit any more.`,
        );
      if (lostTo !== undefined)
        throw new Error(
          `The lane for Argo CD's global configuration (Lease ${name}) was taken over by ${lostTo}; this lab stopped before editing again.`,
        );
      const quiet = now() - renewedAt;
      if (quiet > margin)
        throw new Error(
          `The lane for Argo CD's global configuration (Lease ${name}) was not renewed for ${Math.round(quiet / 1000)} s, too close to its ${lock.durationSeconds} s${lastError ? ` (last renewal problem: ${lastError})` : ""}; another run may take it over, so this lab stopped before editing again.`,
        );
    },
  };
}

/**
 * Waits for the serial lane of Argo CD's global configuration and holds it until the lab
 * closes; then removes what a killed run left in that configuration (nobody else can be using
 * it while the lane is held). Call it before changing argocd-cm or argocd-rbac-cm, so the
 * restore (registered after this) runs before the release. A lane lost meanwhile fails the lab.
 */
export async function holdGlobalConfigLock(lab: LabContext): Promise<GlobalConfigLane> {
  const lock = new LeaseLock(
    lab.kube.kc,
    { namespace: ARGOCD_NAMESPACE, name: GLOBAL_CONFIG_LEASE },
    // The namespace tells apart two of a lab's controls running at once in one worker (same pid).
    `lab ${lab.lab.id} in ${lab.namespace} of run ${lab.cluster.runId} (pid ${process.pid} on ${hostname()})`,
  );
  await step("Given: the serial lane for changes to Argo CD's global configuration", async () => {
    await lab.waitUntil(
      lockAcquired(lock, "the Lease on argocd-cm and argocd-rbac-cm"),
      GLOBAL_CONFIG_LOCK_TIMEOUT_MS,
    );
  });
  const watch = laneWatch(lock);
  // Renewed well within its duration; a worker that dies stops renewing and the next waiter takes over.
  const renewal = setInterval(() => void watch.renew(), (lock.durationSeconds * 1000) / 3);
  renewal.unref();
  lab.onClose(
    async () => {
      clearInterval(renewal);
      await watch.renew();
      try {
        watch.assertHeld();
      } finally {
        watch.close();
        await lock.release();
      }
    },
    { mustSucceed: "the lane for Argo CD's global configuration" },
  );
  await step("Given: nothing an earlier, killed run added is left in Argo CD's configuration", async () => {
    const { removed } = await sweepOwnedArgoCdConfig(lab.kube.core);
    await attachText("removed", removed.join("\n") || "(nothing was left)");
  });
  return watch;
}
