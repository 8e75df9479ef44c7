import { mkdtemp, writeFile } from "node:fs/promises";
import path from "node:path";
import { KubeConfig, VersionApi } from "@kubernetes/client-node";
import { ARGOCD_NAMESPACE } from "../argocd/application-spec";
import { isWildcardAddress, requiredGitBindAddress } from "../git/bind-address";
import { ROLLOUTS_NAMESPACE } from "../install/patch-rollouts";
import { makeKubeClients } from "../kube/kube-clients";
import { readObject } from "../kube/object-ref";
import { requireExistingOptIn } from "../project/existing-cluster";
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

/** The kubeconfig reduced to its current context, with that context's cluster and user. */
export function currentContextOnly(kc: KubeConfig): KubeConfig {
  const context = kc.getContextObject(kc.getCurrentContext());
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  if (!context || !cluster || !user)
    throw new InfrastructureError(
      `The kubeconfig's current context "${kc.getCurrentContext()}" lacks its cluster or user.`,
    );
  const only = new KubeConfig();
  only.loadFromOptions({
    clusters: [cluster],
    users: [user],
    contexts: [context],
    currentContext: context.name,
  });
  return only;
}

/**
 * What to do about a component on an existing cluster: use it where it runs, install it where
 * nothing of it exists, and refuse where its CRD exists without it. Installing then would take
 * over CRDs another installation (another namespace, another version) owns.
 */
export function installPlan(crdExists: boolean, deploymentExists: boolean): "use" | "install" | "refuse" {
  if (!crdExists) return "install";
  return deploymentExists ? "use" : "refuse";
}

/**
 * LAB_CLUSTER=existing: the current KUBECONFIG context, once LAB_EXISTING_CONTEXT names it.
 * Argo CD and Rollouts are installed only when absent, never over CRDs that exist; what
 * else a run changes is CHANGES_ON_AN_EXISTING_CLUSTER.
 */
export async function startExistingEnvironment(input: {
  pins: VersionPins;
  workDir: string;
  gitBindAddress: string;
  signal?: AbortSignal;
}): Promise<ClusterEnvironment> {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  // The doctor refuses this first; checked again here, before the cluster is touched, when it was skipped.
  try {
    requireExistingOptIn(kc.getCurrentContext(), kc.getCurrentCluster()?.server ?? "(no server)");
  } catch (error) {
    throw error instanceof SettingError ? new InfrastructureError(error.message) : error;
  }
  // Only the context named: the run's copy must not carry the credentials of every other cluster.
  const kubeconfig = currentContextOnly(kc).exportConfig();
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
  const crdExists = async (crd: string) =>
    (await readObject(kube, {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      namespace: undefined,
      name: crd,
    })) !== undefined;
  const deploymentExists = async (namespace: string, name: string) =>
    (await readObject(kube, { apiVersion: "apps/v1", kind: "Deployment", namespace, name })) !== undefined;

  const installs: InstallResult[] = [];
  const tasks: Promise<void>[] = [];
  for (const component of [
    {
      name: "Argo CD",
      crd: "applications.argoproj.io",
      namespace: ARGOCD_NAMESPACE,
      deployment: "argocd-server",
    },
    {
      name: "Argo Rollouts",
      crd: "rollouts.argoproj.io",
      namespace: ROLLOUTS_NAMESPACE,
      deployment: "argo-rollouts",
    },
  ]) {
    const plan = installPlan(
      await crdExists(component.crd),
      await deploymentExists(component.namespace, component.deployment),
    );
    if (plan === "use") {
      await step(`${component.name} is already installed: using it as it is`, async () => {});
      continue;
    }
    if (plan === "refuse")
      throw new InfrastructureError(
        `${component.name}'s CRD ${component.crd} exists on this cluster, but there is no Deployment ${component.namespace}/${component.deployment}: ${component.name} is installed some other way (another namespace or a partial install), and the suite will not install over CRDs it does not own. Use a cluster where ${component.name} runs in namespace ${component.namespace}, or one without it, or unset LAB_CLUSTER to run on a k3s of the suite's own.`,
      );
    tasks.push(
      (component.name === "Argo CD"
        ? installArgoCd(target, input.pins.argoCdVersion)
        : installRollouts(target, input.pins.rolloutsVersion)
      ).then((r) => void installs.push(r)),
    );
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
