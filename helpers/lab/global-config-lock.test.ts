import { describe, expect, it } from "vitest";
import { kubeConfigFromYaml } from "../kube/kube-clients";
import { LeaseLock } from "../kube/lease-lock";
import { leaseRoutes } from "../kube/lease-stub";
import { statusBody, useStubKubeApi } from "../kube/stub-kube-api";
import { waitUntil } from "../wait/wait-until";
import { laneWatch, lockAcquired } from "./global-config-lock";

const stubs = useStubKubeApi();

describe("the serial lane for Argo CD's global config", () => {
  it("is awaited as a named expectation that says who holds it", async () => {
    const stub = await stubs.start(leaseRoutes("argocd"));
    const lock = (holder: string) =>
      new LeaseLock(kubeConfigFromYaml(stub.kubeconfig), { namespace: "argocd", name: "lane" }, holder);
    const holder = lock("lab M3.3 of run ab12cd34");
    await holder.tryAcquire();
    const waiting = lockAcquired(lock("lab M3.4 of run ab12cd34"), "the lock");
    expect(waiting.description).toBe("the lock to be free for lab M3.4 of run ab12cd34");
    expect((await waiting.check()).message).toBe("held by lab M3.3 of run ab12cd34");
    const released = holder.release();
    const result = await waitUntil(waiting, { timeout: 5_000 });
    await released;
    expect(result.message).toBe("held by lab M3.4 of run ab12cd34");
  });

  it("fails at once, saying why, when the API server refuses the Lease outright", async () => {
    const stub = await stubs.start([
      { method: "POST", path: /leases$/, reply: () => statusBody(403, "Forbidden", "leases is forbidden") },
    ]);
    const lock = new LeaseLock(
      kubeConfigFromYaml(stub.kubeconfig),
      { namespace: "argocd", name: "lane" },
      "lab M3.3",
    );
    const started = performance.now();
    const error = await waitUntil(lockAcquired(lock, "the lock"), { timeout: 10_000 }).catch(
      (e: unknown) => e,
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(String(error)).toContain("the Lease cannot be taken");
    expect(String(error)).toContain("leases is forbidden");
  });

  it("tells its holder once a waiter took the Lease over, and stops it editing", async () => {
    const stub = await stubs.start(leaseRoutes("argocd"));
    let clock = 0;
    const lock = (holder: string) =>
      new LeaseLock(
        kubeConfigFromYaml(stub.kubeconfig),
        { namespace: "argocd", name: "lane" },
        holder,
        60,
        () => clock,
      );
    const holder = lock("lab M3.3 of run ab12cd34");
    await holder.tryAcquire();
    const watch = laneWatch(holder, () => clock);
    await watch.renew();
    expect(() => watch.assertHeld()).not.toThrow();

    const waiter = lock("lab M3.4 of run ef56ab78");
    await waiter.tryAcquire();
    clock += 61_000; // the holder was quiet longer than the Lease lasts
    expect((await waiter.tryAcquire()).acquired).toBe(true);
    await watch.renew();
    expect(() => watch.assertHeld()).toThrow(
      /taken over by lab M3\.4 of run ef56ab78; this lab stopped before editing again/,
    );
  });

  it("tolerates a failed renewal only for two thirds of the Lease's duration", async () => {
    let clock = 0;
    let failing = false;
    const watch = laneWatch(
      {
        lease: { namespace: "argocd", name: "lane" },
        durationSeconds: 60,
        renew: async () => {
          if (failing) throw new Error("connection refused");
          return { held: true, renewed: true };
        },
      },
      () => clock,
    );
    failing = true;
    clock += 30_000;
    await watch.renew();
    expect(() => watch.assertHeld()).not.toThrow();
    clock += 11_000;
    await watch.renew();
    expect(() => watch.assertHeld()).toThrow(
      /not renewed for 41 s, too close to its 60 s \(last renewal problem: connection refused\)/,
    );
  });

  it("counts a renewal that collided with another write as not renewed, and refuses once closed", async () => {
    let clock = 0;
    const watch = laneWatch(
      {
        lease: { namespace: "argocd", name: "lane" },
        durationSeconds: 60,
        renew: async () => ({ held: true, renewed: false }),
      },
      () => clock,
    );
    clock += 41_000;
    await watch.renew();
    expect(() => watch.assertHeld()).toThrow(/a write to the Lease came in between/);
    watch.close();
    expect(() => watch.assertHeld()).toThrow(/has closed/);
  });
});
