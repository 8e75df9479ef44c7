import { describe, expect, it } from "vitest";
import { kubeConfigFromYaml } from "../kube/kube-clients";
import { LeaseLock } from "../kube/lease-lock";
import { leaseRoutes } from "../kube/lease-stub";
import { useStubKubeApi } from "../kube/stub-kube-api";
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
});
