import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { getContainerRuntimeClient } from "testcontainers";
import { ARGOCD_NAMESPACE } from "../argocd/application-spec";
import { apiErrorStatus } from "../kube/api-error";
import type { KubeClients } from "../kube/kube-clients";
import { removeForwardersOfSessions } from "./port-forwarder";
import { RUN_LABEL } from "./run-labels";
import { ownerIsGone, RUN_KEPT_LABEL, RUN_OWNER_LABEL, runOwnerLabels, thisRunOwner } from "./run-owner";
import { sweepRunObjects } from "./run-sweep";

/**
 * What a run killed before its teardown (`kill -9`) leaves, found and removed by the next run
 * on the same machine: its work folder (kubeconfig with the cluster's admin token, Git
 * server repos, clones), its containers, networks and CI images where no Ryuk reaps them, and
 * its lab objects on an existing cluster. Runs still alive, kept ones (KEEP_CLUSTER=1) and
 * those of other machines are left alone.
 */

export const WORK_DIR_PREFIX = "gitops-conformance-";
const OWNER_FILE = "owner.json";
/** One ConfigMap per live run on the cluster: the record a later run judges the run's objects by. */
const RUN_RECORD_LABEL = "gitops-conformance/run-record";

interface OwnerRecord {
  owner: string;
  kept: boolean;
  /** The testcontainers session of a run without Ryuk, whose forwarder nothing else removes. */
  sessionId?: string;
}

/** Marks a run's work folder as this process's. */
export async function claimWorkDir(workDir: string, kept: boolean, sessionId?: string): Promise<void> {
  const record: OwnerRecord = { owner: thisRunOwner(), kept, ...(sessionId ? { sessionId } : {}) };
  await writeFile(path.join(workDir, OWNER_FILE), JSON.stringify(record), { mode: 0o600 });
}

/** The work folders of killed runs, with what they recorded; a folder without an owner file is not the suite's to judge. */
export async function killedRunFolders(parent = tmpdir()): Promise<{ dir: string; record: OwnerRecord }[]> {
  const found: { dir: string; record: OwnerRecord }[] = [];
  for (const entry of await readdir(parent, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith(WORK_DIR_PREFIX)) continue;
    const dir = path.join(parent, entry.name);
    const record = await readFile(path.join(dir, OWNER_FILE), "utf8").then(
      (text) => JSON.parse(text) as OwnerRecord,
      () => undefined,
    );
    if (record && !record.kept && ownerIsGone(record.owner)) found.push({ dir, record });
  }
  return found;
}

/** Removes the work folders of killed runs. */
export async function sweepKilledWorkDirs(parent = tmpdir()): Promise<string[]> {
  const folders = await killedRunFolders(parent);
  for (const { dir } of folders) await rm(dir, { recursive: true, force: true });
  return folders.map(({ dir }) => dir);
}

/** Labels for the images a run's CI builds; `owner` defaults to this process. */
export function runDockerLabels(runId: string, owner?: string): Record<string, string> {
  return { [RUN_LABEL]: runId, ...runOwnerLabels(false, owner) };
}

/** Containers (with their volumes), networks and CI images of killed runs, and the forwarders of their sessions. */
export async function sweepKilledRunsInDocker(sessionIds: readonly string[] = []): Promise<string[]> {
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const filters = JSON.stringify({ label: [RUN_LABEL, RUN_OWNER_LABEL] });
  const killed = (labels: Record<string, string> | undefined) =>
    labels?.[RUN_KEPT_LABEL] !== "true" && ownerIsGone(labels?.[RUN_OWNER_LABEL]);
  const removed: string[] = [];
  for (const c of await docker.listContainers({ all: true, filters })) {
    if (!killed(c.Labels)) continue;
    await docker.getContainer(c.Id).remove({ force: true, v: true }).catch(alreadyGone);
    removed.push(`container ${c.Names[0]?.replace(/^\//, "") ?? c.Id.slice(0, 12)}`);
  }
  for (const n of await docker.listNetworks({ filters })) {
    if (!killed(n.Labels)) continue;
    await docker.getNetwork(n.Id).remove().catch(alreadyGone);
    removed.push(`network ${n.Name}`);
  }
  for (const image of await docker.listImages({ filters })) {
    if (!killed(image.Labels)) continue;
    await docker.getImage(image.Id).remove({ force: true }).catch(alreadyGone);
    removed.push(`image ${image.RepoTags?.[0] ?? image.Id.slice(7, 19)}`);
  }
  removed.push(...(await removeForwardersOfSessions(sessionIds)));
  return removed;
}

const recordName = (runId: string) => `gitops-conformance-run-${runId}`;

/**
 * Two runs starting together may sweep the same killed run: the slower one finds an object
 * gone (404) or already being removed (409). Anything else is a real failure.
 */
function alreadyGone(error: unknown): void {
  const code = (error as { statusCode?: number; code?: number }).statusCode ?? apiErrorStatus(error)?.code;
  if (code !== 404 && code !== 409) throw error;
}

/** Records this run on the cluster, for as long as it lives; `forget` removes the record. */
export async function recordRunOnCluster(
  kube: KubeClients,
  runId: string,
  kept: boolean,
): Promise<{ forget(): Promise<unknown> }> {
  const name = recordName(runId);
  await kube.core.createNamespacedConfigMap({
    namespace: ARGOCD_NAMESPACE,
    body: {
      metadata: {
        name,
        labels: { [RUN_RECORD_LABEL]: runId },
        annotations: runOwnerLabels(kept),
      },
    },
  });
  return { forget: () => kube.core.deleteNamespacedConfigMap({ namespace: ARGOCD_NAMESPACE, name }) };
}

/** The lab objects (Applications, namespaces, repository Secrets) of killed runs, with their records. */
export async function sweepKilledRunsOnCluster(kube: KubeClients): Promise<string[]> {
  const records = await kube.core.listNamespacedConfigMap({
    namespace: ARGOCD_NAMESPACE,
    labelSelector: RUN_RECORD_LABEL,
  });
  const removed: string[] = [];
  for (const record of records.items) {
    const runId = record.metadata?.labels?.[RUN_RECORD_LABEL] ?? "";
    const annotations = record.metadata?.annotations;
    if (!runId || annotations?.[RUN_KEPT_LABEL] === "true" || !ownerIsGone(annotations?.[RUN_OWNER_LABEL]))
      continue;
    const swept = await sweepRunObjects(kube, runId);
    await kube.core
      .deleteNamespacedConfigMap({ namespace: ARGOCD_NAMESPACE, name: recordName(runId) })
      .catch(alreadyGone);
    removed.push(
      `run ${runId}: ${[...swept.applications, ...swept.namespaces, ...swept.secrets].join(", ") || "no objects"}`,
    );
  }
  return removed;
}

export function describeKilledRunSweep(where: string, removed: string[]): string {
  return removed.length === 0
    ? `no leftovers of killed runs ${where}`
    : `removed what killed runs had left ${where}: ${removed.join("; ")}`;
}
