import { ARGOCD_NAMESPACE } from "../argocd/application-spec";
import { transcriptStep } from "../exec/run-command";
import { fetchManifest } from "../install/fetch-manifest";
import { installInventory } from "../install/install-inventory";
import { describeChange, type ManifestChange, parseManifestObjects } from "../install/manifest-stream";
import { patchArgoCdInstall } from "../install/patch-argocd";
import { patchRolloutsInstall, ROLLOUTS_NAMESPACE } from "../install/patch-rollouts";
import { manifestSource } from "../install/pinned-manifests";
import { installExpectations, type ListPods, type ReadObject } from "../install/readiness";
import type { KubeClients } from "../kube/kube-clients";
import { readObject } from "../kube/object-ref";
import { attachText } from "../report/attach";
import { InfrastructureError } from "../report/infrastructure-error";
import { step } from "../report/step";
import { allOf } from "../wait/expectation";
import { waitUntil } from "../wait/wait-until";
import type { KubectlRunner } from "./kubectl";

/** Puts a (large) manifest where kubectl runs and returns the path kubectl should read. */
export type StageManifest = (fileName: string, yaml: string) => Promise<string>;

export interface InstallTarget {
  kubectl: KubectlRunner;
  kube: KubeClients;
  stage: StageManifest;
  signal?: AbortSignal;
}

export interface InstallResult {
  component: string;
  version: string;
  durationMs: number;
}

/**
 * The apply is server-side with --force-conflicts: it would take over any of these CRDs that
 * another installation (another namespace, another product) already owns. None may exist.
 */
async function refuseOwnedCrds(kube: KubeClients, component: string, crds: readonly string[]): Promise<void> {
  const present: string[] = [];
  for (const name of crds) {
    const ref = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      namespace: undefined,
      name,
    };
    if ((await readObject(kube, ref)) !== undefined) present.push(name);
  }
  if (present.length > 0)
    throw new InfrastructureError(
      `Installing ${component} would take over CRDs this cluster already has (${present.join(", ")}), owned by another installation. The suite does not install over CRDs it did not create: use a cluster where ${component} runs in its usual namespace, or one without these CRDs, or unset LAB_CLUSTER to run on a k3s of the suite's own.`,
    );
}

export function objectReader(kube: KubeClients): ReadObject {
  return (ref) => readObject(kube, ref);
}

export function podLister(kube: KubeClients): ListPods {
  return async (namespace, matchLabels) => {
    const labelSelector = Object.entries(matchLabels)
      .map(([k, v]) => `${k}=${v}`)
      .join(",");
    return (await kube.core.listNamespacedPod({ namespace, labelSelector })).items;
  };
}

/**
 * The install as the course and the release notes describe it: namespace, then
 * `kubectl apply --server-side --force-conflicts` (Argo CD's CRDs are too large
 * for client-side apply), then wait for CRDs Established and workloads Available.
 */
async function install(
  target: InstallTarget,
  component: string,
  version: string,
  namespace: string,
  patched: { yaml: string; changes: readonly ManifestChange[] },
): Promise<InstallResult> {
  const started = performance.now();
  return step(`Install ${component} ${version} into namespace ${namespace}`, async () => {
    await attachText(
      `what the suite changed in ${component}'s install.yaml (${patched.changes.length})`,
      patched.changes.map(describeChange).join("\n"),
    );
    const inventory = installInventory(parseManifestObjects(patched.yaml), namespace);
    await refuseOwnedCrds(target.kube, component, inventory.crds);
    const file = await target.stage(`${component}-install.yaml`, patched.yaml);
    await transcriptStep(`kubectl create namespace ${namespace}`, () =>
      target.kubectl.run(["create", "namespace", namespace]),
    );
    await transcriptStep(`Apply ${component}'s manifests server-side`, () =>
      target.kubectl.run(["apply", "-n", namespace, "--server-side", "--force-conflicts", "-f", file], {
        display: `kubectl apply -n ${namespace} --server-side --force-conflicts -f ${component}-install.yaml`,
      }),
    );
    await waitUntil(
      allOf(
        `${component}'s ${inventory.crds.length} CRDs Established and ${inventory.workloads.length} workloads available`,
        ...installExpectations(objectReader(target.kube), inventory, podLister(target.kube)),
      ),
      { timeout: "install", signal: target.signal },
    );
    return { component, version, durationMs: performance.now() - started };
  });
}

export async function installArgoCd(target: InstallTarget, version: string): Promise<InstallResult> {
  const source = manifestSource("argo-cd", version);
  const fetched = await fetchManifest(source.url, source.sha256, { goModule: source.goModule });
  const patched = patchArgoCdInstall(fetched.text);
  return install(target, "Argo CD", version, ARGOCD_NAMESPACE, patched);
}

export async function installRollouts(target: InstallTarget, version: string): Promise<InstallResult> {
  const source = manifestSource("argo-rollouts", version);
  const fetched = await fetchManifest(source.url, source.sha256, { goModule: source.goModule });
  const patched = patchRolloutsInstall(fetched.text, version);
  return install(target, "Argo Rollouts", version, ROLLOUTS_NAMESPACE, patched);
}
