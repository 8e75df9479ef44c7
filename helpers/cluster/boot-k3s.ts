import { KubeConfig } from "@kubernetes/client-node";
import type { StartedK3sContainer } from "@testcontainers/k3s";
import { getContainerRuntimeClient, TestContainers } from "testcontainers";
import { KIT_NODE_IMAGE } from "../project/versions";
import { InfrastructureError } from "../report/infrastructure-error";
import { step } from "../report/step";
import { waitUntil } from "../wait/wait-until";
import { clusterReady } from "./cluster-ready";
import { ARGOCD_NODE_PORT, LabK3sContainer } from "./lab-k3s-container";
import { explainStartFailure } from "./start-errors";

export interface BootK3sOptions {
  image: string;
  runId: string;
  runLabel: string;
  /** Host ports (the Git server) that pods must reach; forwarded before k3s starts. */
  hostPorts: number[];
  /** Keep the container after this process ends (KEEP_CLUSTER=1). */
  keep?: boolean;
  /** LAB_IMAGES archives for k3s's air-gap folder. */
  airGapArchives?: readonly string[];
  signal?: AbortSignal;
}

export interface BootedK3s {
  container: StartedK3sContainer;
  kubeconfig: string;
  /** argocd-server's NodePort, as published on this machine. */
  argoCdUrl: string;
  /** The address pods use to reach this machine's forwarded ports. */
  hostAddressForPods: string;
  kubernetesVersion: string;
}

const FORWARDED_HOST = "host.testcontainers.internal";

/** Pods cannot resolve the forwarder's name (CoreDNS ignores the node's /etc/hosts), so read its IP there. */
export function hostAddressFromEtcHosts(etcHosts: string): string | undefined {
  for (const line of etcHosts.split("\n")) {
    const [ip, ...names] = line.trim().split(/\s+/);
    if (ip && !ip.startsWith("#") && names.includes(FORWARDED_HOST)) return ip;
  }
  return undefined;
}

async function cgroupVersion(): Promise<string | undefined> {
  const client = await getContainerRuntimeClient();
  const info = (await client.container.dockerode.info()) as { CgroupVersion?: string };
  return info.CgroupVersion;
}

/** Loopback when Docker runs on this machine; a remote Docker host needs its ports reachable. */
function bindAddressFor(host: string): string | undefined {
  return ["localhost", "127.0.0.1", "::1"].includes(host) ? "127.0.0.1" : undefined;
}

/** What the node is, in step names: the kit node is never called k3s. */
export function nodeKind(image: string): string {
  return image === KIT_NODE_IMAGE ? "kit node (upstream Kubernetes behind k3s's interface, not k3s)" : "k3s";
}

export async function bootK3s(options: BootK3sOptions): Promise<BootedK3s> {
  const client = await getContainerRuntimeClient();
  const kind = nodeKind(options.image);
  if (options.hostPorts.length > 0) {
    await step(`Forward host port(s) ${options.hostPorts.join(", ")} into the cluster's network`, () =>
      TestContainers.exposeHostPorts(...options.hostPorts).catch((error: unknown) => {
        throw explainStartFailure("testcontainers/sshd (the port forwarder)", error);
      }),
    );
  }
  const container = await step(`Start the ${kind} (${options.image})`, async () => {
    try {
      return await new LabK3sContainer({
        image: options.image,
        runId: options.runId,
        runLabel: options.runLabel,
        cgroupV1: (await cgroupVersion()) === "1",
        bindAddress: bindAddressFor(client.info.containerRuntime.host),
        keep: options.keep,
        airGapArchives: options.airGapArchives,
      }).start();
    } catch (error) {
      throw explainStartFailure(options.image, error);
    }
  });
  const kubeconfig = container.getKubeConfig();
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig);

  // The module's wait line comes before the node is Ready and before CoreDNS and the default ServiceAccount exist.
  await waitUntil(clusterReady(kc, kind), { timeout: "clusterBoot", signal: options.signal });

  let hostAddressForPods = "";
  if (options.hostPorts.length > 0) {
    const hosts = await container.exec(["cat", "/etc/hosts"]);
    const address = hostAddressFromEtcHosts(hosts.stdout);
    if (!address) {
      throw new InfrastructureError(
        `The k3s container has no ${FORWARDED_HOST} entry in /etc/hosts, so pods cannot reach the Git server on this machine. ` +
          "This happens when the port forwarder starts after k3s; report it with the output of docker ps.",
      );
    }
    hostAddressForPods = address;
  }
  const version = await container.exec(["k3s", "--version"]);
  return {
    container,
    kubeconfig,
    argoCdUrl: `http://${container.getHost()}:${container.getMappedPort(ARGOCD_NODE_PORT)}`,
    hostAddressForPods,
    kubernetesVersion: version.stdout.split("\n")[0]?.trim() ?? "unknown",
  };
}
