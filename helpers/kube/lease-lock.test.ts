import { describe, expect, it } from "vitest";
import { kubeConfigFromYaml } from "./kube-clients";
import { LeaseLock } from "./lease-lock";
import { leaseRoutes } from "./lease-stub";
import { useStubKubeApi } from "./stub-kube-api";

const stubs = useStubKubeApi();
const LEASE = { namespace: "argocd", name: "the-lane" };

async function world() {
  const stub = await stubs.start(leaseRoutes("argocd"));
  const clock = { ms: 1_000_000 };
  const lock = (holder: string) =>
    new LeaseLock(kubeConfigFromYaml(stub.kubeconfig), LEASE, holder, 60, () => clock.ms);
  return { clock, lock };
}

describe("LeaseLock (a lock every worker and run on the cluster shares)", () => {
  it("lets one holder in at a time, tells a waiter who holds it, and lets the next in on release", async () => {
    const { lock } = await world();
    const first = lock("lab M3.3");
    const second = lock("lab M3.4");
    expect(await first.tryAcquire()).toEqual({ acquired: true });
    expect(await second.tryAcquire()).toEqual({ acquired: false, heldBy: "lab M3.3" });
    await second.release(); // not its Lease: nothing happens
    expect(await second.tryAcquire()).toEqual({ acquired: false, heldBy: "lab M3.3" });
    await first.release();
    expect(await second.tryAcquire()).toEqual({ acquired: true });
  });

  it("takes over a Lease its holder stopped renewing, once seen unchanged for its whole duration", async () => {
    const { clock, lock } = await world();
    await lock("lab M3.3").tryAcquire();
    const waiter = lock("lab M3.4");
    expect((await waiter.tryAcquire()).acquired).toBe(false);
    clock.ms += 60_000;
    expect((await waiter.tryAcquire()).acquired).toBe(false);
    clock.ms += 1_000;
    expect(await waiter.tryAcquire()).toEqual({
      acquired: true,
      reclaimed: "lab M3.3 had not renewed it for 61 s (its lease lasts 60 s)",
    });
  });

  it("never takes a Lease its holder keeps renewing", async () => {
    const { clock, lock } = await world();
    const holder = lock("lab M3.3");
    await holder.tryAcquire();
    const waiter = lock("lab M3.4");
    await waiter.tryAcquire();
    clock.ms += 40_000;
    await holder.renew();
    expect((await waiter.tryAcquire()).acquired).toBe(false);
    clock.ms += 40_000;
    expect(await waiter.tryAcquire()).toEqual({ acquired: false, heldBy: "lab M3.3" });
  });

  it("lets only one of two waiters take over a stale Lease", async () => {
    const { clock, lock } = await world();
    await lock("lab M3.3").tryAcquire();
    const [a, b] = [lock("lab M3.4"), lock("lab M2.1")];
    await a.tryAcquire();
    await b.tryAcquire();
    clock.ms += 61_000;
    const results = await Promise.all([a.tryAcquire(), b.tryAcquire()]);
    expect(results.filter((r) => r.acquired)).toHaveLength(1);
    expect(results.find((r) => !r.acquired)).toEqual({
      acquired: false,
      heldBy: "another waiter that took it first",
    });
  });
});
