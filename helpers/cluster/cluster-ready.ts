import { AppsV1Api, CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { allOf, type Expectation, expectation, pass, pending } from "../wait/expectation";

/**
 * A new single-node cluster is ready for the installs once its node is Ready,
 * CoreDNS is available and the default ServiceAccount exists (pods cannot be
 * created in a namespace before it). `cluster` names it in the wait's message.
 */
export function clusterReady(kc: KubeConfig, cluster: string): Expectation {
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  return allOf(
    `the ${cluster} node Ready, CoreDNS available and the default ServiceAccount created`,
    expectation("node Ready", async () => {
      const nodes = await core.listNode();
      const ready = nodes.items.filter((n) =>
        n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
      );
      return ready.length > 0
        ? pass(`${ready.length} node(s) Ready`)
        : pending(`${nodes.items.length} node(s), none Ready`);
    }),
    expectation("CoreDNS available", async () => {
      const dns = await apps.readNamespacedDeployment({ name: "coredns", namespace: "kube-system" });
      const available = dns.status?.availableReplicas ?? 0;
      return available > 0 ? pass("coredns available") : pending(`coredns ${available} available`);
    }),
    expectation("default ServiceAccount", async () => {
      await core.readNamespacedServiceAccount({ name: "default", namespace: "default" });
      return pass("exists");
    }),
  );
}
