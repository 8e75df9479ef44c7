import { K3sContainer } from "@testcontainers/k3s";
import { KIT_NODE_IMAGE } from "../project/versions";
import { timeoutFor } from "../wait/timeouts";
import { K3S_AIR_GAP_FOLDER } from "./air-gap-images";
import { runOwnerLabels } from "./run-owner";

/** The NodePort argocd-server is exposed on (set by the install patch), published to the host. */
export const ARGOCD_NODE_PORT = 30080;

export interface LabK3sOptions {
  image: string;
  runId: string;
  runLabel: string;
  /** Kubernetes >= 1.35 refuses cgroup v1 hosts unless the kubelet is told otherwise. */
  cgroupV1: boolean;
  /** Publish ports on this host address only (loopback on a laptop), not on every interface. */
  bindAddress?: string;
  /**
   * KEEP_CLUSTER=1. Without this the container carries testcontainers' session label, and
   * Ryuk (on by default) removes it about 10 s after the run's process is gone, kept or not.
   * The run label still lets a failed setup or a Ctrl-C remove it.
   */
  keep?: boolean;
  /** Image archives (LAB_IMAGES) for k3s's air-gap folder: imported at start, so no registry is needed. */
  airGapArchives?: readonly string[];
}

/**
 * The k3s server command: the module's default (traefik off) plus every other packaged component no
 * lab needs, so the images k3s itself starts are only pause and CoreDNS (K3S_OWN_IMAGES): an air-gapped
 * run then has every image it needs, and no pod waits in ImagePullBackOff.
 */
export function k3sServerCommand(cgroupV1: boolean): string[] {
  return [
    "server",
    "--disable=traefik",
    "--disable=metrics-server",
    "--disable=local-storage",
    "--disable=servicelb",
    ...(cgroupV1 ? ["--kubelet-arg=fail-cgroupv1=false"] : []),
  ];
}

/**
 * testcontainers' k3s module with the lab's command, run label and the Argo CD
 * port. Its published ports are bound to one host address: Docker's default
 * would put the cluster's admin API on every interface of a laptop.
 */
export class LabK3sContainer extends K3sContainer {
  constructor(private readonly options: LabK3sOptions) {
    super(options.image);
    this.withCommand(k3sServerCommand(options.cgroupV1))
      // The owner labels let a later run remove this cluster if this run is killed (no Ryuk on the kit's road).
      .withLabels({ [options.runLabel]: options.runId, ...runOwnerLabels(options.keep) })
      .withExposedPorts(ARGOCD_NODE_PORT)
      // The module's fixed 120 s includes importing the air-gap archives (about 30 s of it here).
      .withStartupTimeout(timeoutFor("clusterBoot"));
    // Built here by npm run kit, never pulled: a registry's image of that name is not the kit's.
    if (options.image === KIT_NODE_IMAGE) this.withPullPolicy({ shouldPull: () => false });
    if (options.keep) this.withAutoCleanup(false);
    if (options.airGapArchives?.length) {
      this.withCopyFilesToContainer(
        options.airGapArchives.map((source, i) => ({
          source,
          target: `${K3S_AIR_GAP_FOLDER}/lab-images-${i}.tar`,
        })),
      );
    }
  }

  protected override async beforeContainerCreated(): Promise<void> {
    await super.beforeContainerCreated();
    const bindAddress = this.options.bindAddress;
    if (!bindAddress) return;
    for (const bindings of Object.values(this.hostConfig.PortBindings ?? {})) {
      for (const binding of bindings as { HostIp?: string }[]) binding.HostIp = bindAddress;
    }
  }
}
