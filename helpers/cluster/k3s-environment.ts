import { writeFile } from "node:fs/promises";
import path from "node:path";
import { makeKubeClients } from "../kube/kube-clients";
import { LAB_IMAGES_ENV } from "../preflight/run-path";
import type { VersionPins } from "../project/versions";
import { airGapArchives, clusterImages } from "./air-gap-images";
import { bootK3s } from "./boot-k3s";
import { type InstallResult, installArgoCd, installRollouts } from "./install-components";
import { containerKubectl } from "./kubectl";
import { RUN_LABEL } from "./run-labels";

export interface ClusterEnvironment {
  kubeconfig: string;
  kubeconfigPath: string;
  k3sContainerId?: string;
  argoCdUrl: string;
  /** The host as pods see it, for the Git server's URL inside the cluster. */
  hostAddressForPods: string;
  kubernetesVersion: string;
  installs: InstallResult[];
  stop: () => Promise<void>;
}

/**
 * Default mode: a fresh k3s in Docker, Argo CD and Rollouts installed into it
 * concurrently, the Git server's port forwarded in.
 */
export async function startK3sEnvironment(input: {
  pins: VersionPins;
  runId: string;
  gitPort: number;
  workDir: string;
  /** KEEP_CLUSTER=1: the container must outlive the run (see LabK3sOptions.keep). */
  keep?: boolean;
  signal?: AbortSignal;
}): Promise<ClusterEnvironment> {
  const archives = await airGapArchives(
    process.env[LAB_IMAGES_ENV]?.trim() === "docker" ? await clusterImages(input.pins) : [],
    input.workDir,
  );
  const booted = await bootK3s({
    airGapArchives: archives,
    image: input.pins.k3sImage,
    runId: input.runId,
    runLabel: RUN_LABEL,
    hostPorts: [input.gitPort],
    keep: input.keep,
    signal: input.signal,
  });
  const kubeconfigPath = path.join(input.workDir, "kubeconfig.yaml");
  await writeFile(kubeconfigPath, booted.kubeconfig, { mode: 0o600 });
  const target = {
    kubectl: containerKubectl(booted.container.getId()),
    kube: makeKubeClients(booted.kubeconfig),
    signal: input.signal,
    // The install manifests are megabytes: copy them in rather than through exec.
    stage: async (fileName: string, yaml: string) => {
      const target = `/tmp/${fileName}`;
      await booted.container.copyContentToContainer([{ content: yaml, target }]);
      return target;
    },
  };
  const installs = await Promise.all([
    installArgoCd(target, input.pins.argoCdVersion),
    installRollouts(target, input.pins.rolloutsVersion),
  ]);
  return {
    kubeconfig: booted.kubeconfig,
    kubeconfigPath,
    k3sContainerId: booted.container.getId(),
    argoCdUrl: booted.argoCdUrl,
    hostAddressForPods: booted.hostAddressForPods,
    kubernetesVersion: booted.kubernetesVersion,
    installs,
    stop: () => booted.container.stop().then(() => undefined),
  };
}
