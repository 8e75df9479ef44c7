import { CoordinationV1Api, type KubeConfig, type V1Lease, V1MicroTime } from "@kubernetes/client-node";
import { apiErrorStatus } from "./api-error";

export type AcquireResult = { acquired: true; reclaimed?: string } | { acquired: false; heldBy: string };

/**
 * A lock held as a Kubernetes Lease (coordination.k8s.io): every worker of a
 * run, and every run against the same cluster, sees the same one. The holder
 * renews it; a holder that died stops renewing, and a waiter that has seen the
 * Lease unchanged for its whole duration takes it over. Staleness is judged by
 * the waiter's own clock between two observations, as client-go's leader
 * election does, so clocks of different machines never meet.
 */
export class LeaseLock {
  private readonly api: CoordinationV1Api;
  private observed: { resourceVersion: string; at: number } | undefined;

  constructor(
    kc: KubeConfig,
    readonly lease: { namespace: string; name: string },
    /** Who holds it, as a waiter is told: e.g. "lab M3.3 of run ab12cd34 (pid 4242 on host)". */
    readonly holder: string,
    readonly durationSeconds = 60,
    private readonly now: () => number = Date.now,
  ) {
    this.api = kc.makeApiClient(CoordinationV1Api);
  }

  private body(resourceVersion?: string): V1Lease {
    // MicroTime: the API server refuses a time without six fractional digits (400), which a Date gives.
    const at = new V1MicroTime(this.now());
    return {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { ...this.lease, ...(resourceVersion ? { resourceVersion } : {}) },
      spec: {
        holderIdentity: this.holder,
        leaseDurationSeconds: this.durationSeconds,
        acquireTime: at,
        renewTime: at,
      },
    };
  }

  private read(): Promise<V1Lease | undefined> {
    return this.api.readNamespacedLease(this.lease).catch((e: unknown) => {
      if (apiErrorStatus(e)?.code === 404) return undefined;
      throw e;
    });
  }

  /** How long this waiter has seen the Lease unchanged, in ms (0 when it just changed). */
  private unchangedFor(current: V1Lease): number {
    const resourceVersion = current.metadata?.resourceVersion ?? "";
    if (this.observed?.resourceVersion !== resourceVersion) {
      this.observed = { resourceVersion, at: this.now() };
      return 0;
    }
    return this.now() - this.observed.at;
  }

  /** One attempt: takes the Lease if nobody holds it, or its holder stopped renewing it. */
  async tryAcquire(): Promise<AcquireResult> {
    try {
      await this.api.createNamespacedLease({ namespace: this.lease.namespace, body: this.body() });
      return { acquired: true };
    } catch (e) {
      if (apiErrorStatus(e)?.code !== 409) throw e;
    }
    const current = await this.read();
    if (!current) return { acquired: false, heldBy: "a holder that has just released it" };
    const heldBy = current.spec?.holderIdentity ?? "";
    if (heldBy === this.holder) return { acquired: true };
    const quiet = this.unchangedFor(current);
    const duration = (current.spec?.leaseDurationSeconds ?? this.durationSeconds) * 1000;
    if (heldBy !== "" && quiet <= duration) {
      return { acquired: false, heldBy: heldBy };
    }
    try {
      // The resourceVersion makes this a compare-and-swap: of two waiters, one wins.
      await this.api.replaceNamespacedLease({
        ...this.lease,
        body: this.body(current.metadata?.resourceVersion),
      });
    } catch (e) {
      if (apiErrorStatus(e)?.code === 409)
        return { acquired: false, heldBy: "another waiter that took it first" };
      throw e;
    }
    return {
      acquired: true,
      reclaimed:
        heldBy === ""
          ? "it was released"
          : `${heldBy} had not renewed it for ${Math.round(quiet / 1000)} s (its lease lasts ${duration / 1000} s)`,
    };
  }

  /**
   * Keeps the Lease while this holder works. Says who holds it instead once a waiter took it
   * over (this holder went quiet for the Lease's duration): the holder must stop editing then.
   * `renewed: false` means a write came in between (perhaps a takeover): not renewed, ask again.
   */
  async renew(): Promise<{ held: true; renewed: boolean } | { held: false; heldBy: string }> {
    const current = await this.read();
    const heldBy = current?.spec?.holderIdentity ?? "";
    if (heldBy !== this.holder) return { held: false, heldBy: heldBy || "nobody (it was deleted)" };
    try {
      await this.api.replaceNamespacedLease({
        ...this.lease,
        body: this.body(current?.metadata?.resourceVersion),
      });
    } catch (e) {
      if (apiErrorStatus(e)?.code !== 409) throw e;
      return { held: true, renewed: false };
    }
    return { held: true, renewed: true };
  }

  /** Frees the Lease if this holder still holds it. */
  async release(): Promise<void> {
    const current = await this.read();
    if (current?.spec?.holderIdentity !== this.holder) return;
    await this.api
      .deleteNamespacedLease({
        ...this.lease,
        body: { preconditions: { resourceVersion: current.metadata?.resourceVersion } },
      })
      .catch((e: unknown) => {
        const code = apiErrorStatus(e)?.code;
        if (code !== 404 && code !== 409) throw e;
      });
  }
}
