import { mkdtemp, writeFile } from "node:fs/promises";
import path from "node:path";
import { KubeConfig, VersionApi } from "@kubernetes/client-node";
import { ARGOCD_NAMESPACE } from "../argocd/application-spec";
import { isWildcardAddress, requiredGitBindAddress } from "../git/bind-address";
import { ROLLOUTS_NAMESPACE } from "../install/patch-rollouts";
import { makeKubeClients } from "../kube/kube-clients";
import { readObject } from "../kube/object-ref";
import { SettingError } from "../project/setting-error";
import type { VersionPins } from "../project/versions";
import { InfrastructureError } from "../report/infrastructure-error";
import { step } from "../report/step";
import { type InstallResult, installArgoCd, installRollouts } from "./install-components";
import type { ClusterEnvironment } from "./k3s-environment";
import { hostKubectl } from "./kubectl";
import { startPortForward } from "./port-forward";

/** In existing-cluster mode the Git server listens where the cluster's pods can reach this machine, and nowhere else. */
export function gitBindAddress(env: NodeJS.ProcessEnv = process.env): string {
  try {
    return requiredGitBindAddress(env);
  } catch (error) {
    // The doctor refuses this first; reached only when it was skipped, still filed under infrastructure.
    throw error instanceof SettingError ? new InfrastructureError(error.message) : error;
  }
}

/**
 * The Git server's host in the URLs Argo CD is given. A wildcard bind (0.0.0.0, as the hint
 * above suggests for Docker Desktop) is no address to connect to: a pod dialling 0.0.0.0
 * reaches itself. Docker Desktop's pods reach this machine as host.docker.internal.
 */
export function gitHostForPods(bindAddress: string): string {
  if (isWildcardAddress(bindAddress)) return "host.docker.internal";
  return bindAddress.includes(":") ? `[${bindAddress}]` : bindAddress;
}

/**
 * LAB_CLUSTER=existing: the current KUBECONFIG context. Argo CD and Rollouts are
 * installed only when absent; nothing outside the suite's namespaces and
 * Applications is touched.
 */
export async function startExistingEnvironment(input: {
  pins: VersionPins;
  workDir: string;
  gitBindAddress: string;
  signal?: AbortSignal;
}): Promise<ClusterEnvironment> {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  const kubeconfig = kc.exportConfig();
  const kubeconfigPath = path.join(input.workDir, "kubeconfig.yaml");
  await writeFile(kubeconfigPath, kubeconfig, { mode: 0o600 });
  const kube = makeKubeClients(kubeconfig);
  const stagingDir = await mkdtemp(path.join(input.workDir, "manifests-"));
  const target = {
    kubectl: hostKubectl(kubeconfigPath),
    kube,
    signal: input.signal,
    stage: async (fileName: string, yaml: string) => {
      const file = path.join(stagingDir, fileName);
      await writeFile(file, yaml);
      return file;
    },
  };
  const installed = async (crd: string, namespace: string, deployment: string) =>
    (await readObject(kube, {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      namespace: undefined,
      name: crd,
    })) !== undefined &&
    (await readObject(kube, { apiVersion: "apps/v1", kind: "Deployment", namespace, name: deployment })) !==
      undefined;

  const installs: InstallResult[] = [];
  const tasks: Promise<void>[] = [];
  if (await installed("applications.argoproj.io", ARGOCD_NAMESPACE, "argocd-server")) {
    await step("Argo CD is already installed: using it as it is", async () => {});
  } else {
    tasks.push(installArgoCd(target, input.pins.argoCdVersion).then((r) => void installs.push(r)));
  }
  if (await installed("rollouts.argoproj.io", ROLLOUTS_NAMESPACE, "argo-rollouts")) {
    await step("Argo Rollouts is already installed: using it as it is", async () => {});
  } else {
    tasks.push(installRollouts(target, input.pins.rolloutsVersion).then((r) => void installs.push(r)));
  }
  await Promise.all(tasks);
  const forward = await startPortForward({
    kc,
    namespace: ARGOCD_NAMESPACE,
    service: "argocd-server",
    servicePort: 80,
  });
  const version = await kc
    .makeApiClient(VersionApi)
    .getCode()
    .then((v) => v.gitVersion)
    .catch(() => "unknown");
  return {
    kubeconfig,
    kubeconfigPath,
    argoCdUrl: forward.url,
    hostAddressForPods: gitHostForPods(input.gitBindAddress),
    kubernetesVersion: version,
    installs,
    stop: forward.stop,
  };
}
