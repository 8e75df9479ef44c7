import { describe, expect, it } from "vitest";
import { kubeConfigFromYaml } from "../kube/kube-clients";
import { LeaseLock } from "../kube/lease-lock";
import { leaseRoutes } from "../kube/lease-stub";
import { statusBody, useStubKubeApi } from "../kube/stub-kube-api";
import { waitUntil } from "../wait/wait-until";
import { lockAcquired } from "./global-config-lock";

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
});
