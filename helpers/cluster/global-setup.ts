/**
 * The labs project's global setup: one cluster per run, shared by every spec
 * file. Boots k3s (or uses the current KUBECONFIG context), installs Argo CD
 * and Rollouts, serves the labs' Git repos, proves Argo CD can reach them, and
 * hands the specs what they need. Whatever fails, the person sees one
 * paragraph, and nothing this run created is left running (unless KEEP_CLUSTER=1).
 */
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ARGOCD_NAMESPACE, LAB_ID_LABEL_KEY } from "../argocd/application-spec";
import { ArgoCdApi } from "../argocd/argocd-api";
import { buildAndImport } from "../ci/ci-pipeline";
import { clusterImageImporter } from "../ci/image-importer";
import { startGitServer } from "../git/git-http-server";
import { LabRepo } from "../git/lab-repo";
import type { RepoHost } from "../git/served-repos";
import { ROLLOUTS_NAMESPACE } from "../install/patch-rollouts";
import { makeKubeClients } from "../kube/kube-clients";
import { clusterMode } from "../preflight/cluster-mode";
import { describeRunPath, type RunPath } from "../preflight/run-path";
import { assertPreflight } from "../preflight/run-preflight";
import { FIXTURES_DIR, REPORTS_DIR } from "../project/paths";
import { resolvePins } from "../project/versions";
import { failureParagraph } from "../report/failure-paragraph";
import { registerSecret } from "../report/redaction";
import { startJournal, stopJournal } from "../report/step";
import { writeAllureEnvironment } from "./allure-environment";
import type { ClusterInfo } from "./cluster-info";
import { sweepConfigLeftoversIfLaneFree } from "./config-leftovers";
import { gitBindAddress, startExistingEnvironment } from "./existing-environment";
import { proveRepositoryConnected, registerRepository, repositorySecret } from "./git-connectivity";
import { cleanUpOnInterrupt } from "./interrupt";
import { type ClusterEnvironment, startK3sEnvironment } from "./k3s-environment";
import {
  claimWorkDir,
  describeKilledRunSweep,
  killedRunFolders,
  recordRunOnCluster,
  runDockerLabels,
  sweepKilledRunsInDocker,
  sweepKilledRunsOnCluster,
  sweepKilledWorkDirs,
  WORK_DIR_PREFIX,
} from "./killed-runs";
import { describePortForwarderRemoval, removePortForwarder, unreapedSessionId } from "./port-forwarder";
import { describeLeftovers, describeRunImages, removeRunImages, removeRunLeftovers } from "./run-containers";
import { newRunId, RUN_LABEL } from "./run-labels";
import { thisRunOwner } from "./run-owner";
import { describeSweep, sweepRunObjects } from "./run-sweep";

export const KEEP_CLUSTER_ENV = "KEEP_CLUSTER";
export const SETUP_FAILURE_FILE = path.join(REPORTS_DIR, "setup-failure.txt");

const say = (line: string) => process.stderr.write(`[cluster] ${line}\n`);

type Cleanup = () => Promise<unknown>;
/** Cleanups that concern only this machine (the Git server, CI's images, the forwarder): KEEP_CLUSTER=1 runs them too. */
const besideTheCluster = new WeakSet<Cleanup>();
const beside = (cleanup: Cleanup): Cleanup => {
  besideTheCluster.add(cleanup);
  return cleanup;
};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cleanups: Cleanup[] = [];
  // One cleanup, however many ask for it (Ctrl-C, the failed setup, teardown): a second
  // caller waits for the same removal rather than finding the list empty and exiting under it.
  let cleaning: Promise<void> | undefined;
  const cleanUp = (keepCluster = false) =>
    (cleaning ??= (async () => {
      for (const cleanup of cleanups.reverse().splice(0)) {
        if (keepCluster && !besideTheCluster.has(cleanup)) continue;
        await cleanup().catch((e: unknown) => say(`cleanup: ${e}`));
      }
    })());
  // testcontainers installs no signal handlers, and vitest's own exits 1 ms after a Ctrl-C (see interrupt.ts).
  const interrupt = cleanUpOnInterrupt({ cleanUp, say });

  startJournal(say);
  try {
    const { runPath, pathEnv } = await assertPreflight();
    // The road's settings reach testcontainers (Ryuk) and the boot (K3S_IMAGE, LAB_IMAGES) through process.env.
    Object.assign(process.env, pathEnv);
    const road = runPath ? describeRunPath(runPath) : "cluster: undecided";
    say(road);
    const info = await startCluster(cleanups, process.env[KEEP_CLUSTER_ENV] === "1", { runPath, road });
    project.provide("cluster", { ...info, setup: { ...info.setup, journal: stopJournal() } });
    await writeAllureEnvironment(info);
  } catch (error) {
    stopJournal();
    await cleanUp();
    // Interrupted: the setup failed because its cluster was removed; the signal handler ends the run.
    if (interrupt.interrupted) await new Promise(() => {});
    const paragraph = failureParagraph(error, "Cluster setup");
    await mkdir(path.dirname(SETUP_FAILURE_FILE), { recursive: true });
    await writeFile(SETUP_FAILURE_FILE, `${paragraph}\n`);
    // Exit here rather than throw: vitest would print a stack trace under the paragraph.
    // exitCode first: with nothing left to do, Node ends the process by itself, and must not end it with 0.
    process.exitCode = 1;
    // The encoding argument matters: on a terminal, vitest's summary renderer replaces stderr.write
    // with (chunk, encoding, callback) and never calls a callback passed second, so exit(1) never ran.
    process.stderr.write(`\n${paragraph}\n`, "utf8", () => process.exit(1));
    await new Promise(() => {});
  }

  return async () => {
    interrupt.release();
    if (process.env[KEEP_CLUSTER_ENV] === "1") {
      const info = project.getProvidedContext().cluster;
      say(keepClusterMessage(info));
      // The cluster stays; the Git server, CI's images and the forwarder (sshd, root/root) go.
      await cleanUp(true);
      return;
    }
    await cleanUp();
  };
}

async function startCluster(
  cleanups: Cleanup[],
  keep: boolean,
  taken: { runPath?: RunPath; road: string },
): Promise<ClusterInfo> {
  const startedAt = new Date().toISOString();
  const choice = clusterMode();
  const mode = "mode" in choice && choice.mode === "existing" ? "existing" : "k3s";
  const pins = resolvePins();
  const runId = newRunId();
  // Docker first: the killed runs' folders say which forwarders were theirs.
  const killed = (await killedRunFolders()).flatMap(({ record }) =>
    record.sessionId ? [record.sessionId] : [],
  );
  // An existing cluster may run without Docker here until CI needs it: then there is nothing to sweep.
  const sweptInDocker = await sweepKilledRunsInDocker(killed).catch((e: unknown) =>
    mode === "k3s" ? Promise.reject(e) : [],
  );
  say(describeKilledRunSweep("in Docker", sweptInDocker));
  say(describeKilledRunSweep("on this machine", await sweepKilledWorkDirs()));
  const workDir = await mkdtemp(path.join(tmpdir(), `${WORK_DIR_PREFIX}${runId}-`));
  await claimWorkDir(workDir, keep, mode === "k3s" ? await unreapedSessionId() : undefined);
  // Runs last; kept with the cluster, whose kubeconfig it holds (KEEP_CLUSTER=1).
  cleanups.push(() => rm(workDir, { recursive: true, force: true }));

  const credentials = { username: "gitops-conformance", password: randomBytes(18).toString("base64url") };
  registerSecret(credentials.password);
  // Loopback only: in k3s mode testcontainers forwards the port into the cluster's network.
  const git = await startGitServer({
    host: mode === "existing" ? gitBindAddress() : "127.0.0.1",
    credentials,
    parentDir: workDir,
  });
  cleanups.push(beside(() => git.close()));
  // The images CI built on this machine, in either mode: the cluster holds its own copies.
  cleanups.push(beside(async () => say(describeRunImages(await removeRunImages(RUN_LABEL, runId)))));
  if (mode === "k3s") {
    cleanups.push(async () => say(describeLeftovers(await removeRunLeftovers(RUN_LABEL, runId))));
    cleanups.push(beside(async () => say(describePortForwarderRemoval(await removePortForwarder()))));
  }

  const env: ClusterEnvironment =
    mode === "k3s"
      ? await startK3sEnvironment({ pins, runId, gitPort: git.port, workDir, keep })
      : await startExistingEnvironment({ pins, workDir, gitBindAddress: gitBindAddress() });
  cleanups.push(env.stop);

  const kube = makeKubeClients(env.kubeconfig);
  const record = await recordRunOnCluster(kube, runId, keep);
  cleanups.push(() => record.forget());
  if (mode === "existing") {
    say(describeKilledRunSweep("on the cluster", await sweepKilledRunsOnCluster(kube)));
    say(await sweepConfigLeftoversIfLaneFree(kube, `setup of run ${runId} (${thisRunOwner()})`));
    // Runs after the sweep below (cleanups run in reverse), which frees the Leases of the run's interrupted labs.
    cleanups.push(async () => say(await sweepConfigLeftoversIfLaneFree(kube, `teardown of run ${runId}`)));
  }
  // Runs before the cluster goes (cleanups run in reverse): a Ctrl-C ends the lab workers before their own cleanup.
  cleanups.push(async () => say(describeSweep(await sweepRunObjects(kube, runId))));
  const secret = await kube.core.readNamespacedSecret({
    namespace: ARGOCD_NAMESPACE,
    name: "argocd-initial-admin-secret",
  });
  const adminPassword = Buffer.from(secret.data?.password ?? "", "base64").toString();
  registerSecret(adminPassword);
  const api = new ArgoCdApi({ baseUrl: env.argoCdUrl, username: "admin", password: adminPassword });

  const clusterGitUrl = `http://${env.hostAddressForPods}:${git.port}`;
  // CI builds the app once for every lab that only needs it running; the labs about CI build their own.
  const seedImage = buildSeedImage(git, runId, env.k3sContainerId, pins.appBaseImage, workDir);
  // Awaited below; until then a failure must not count as unhandled.
  seedImage.catch(() => undefined);
  const probe = await LabRepo.seedFromFixture(
    git,
    `connectivity-check-${runId}`,
    path.join(FIXTURES_DIR, "gitops/grade-api"),
    "connectivity check",
    workDir,
  );
  await probe.remove();
  const probeUrl = git.repoUrl(`connectivity-check-${runId}`, { baseUrl: clusterGitUrl });
  await registerRepository(
    kube,
    repositorySecret({
      name: `gitops-conformance-probe-${runId}`,
      url: probeUrl,
      ...credentials,
      // Labelled as the labs' objects are, so the run's sweep finds it too.
      labels: { [LAB_ID_LABEL_KEY]: "connectivity-check" },
    }),
  );
  cleanups.push(() =>
    kube.core.deleteNamespacedSecret({
      namespace: ARGOCD_NAMESPACE,
      name: `gitops-conformance-probe-${runId}`,
    }),
  );
  await proveRepositoryConnected(api, probeUrl);

  const argoVersion = (await api.version()).Version ?? "unknown";
  const image = await seedImage;
  const rollouts = await kube.apps.readNamespacedDeployment({
    namespace: ROLLOUTS_NAMESPACE,
    name: "argo-rollouts",
  });
  const rolloutsImage = rollouts.spec?.template.spec?.containers[0]?.image ?? "unknown";

  return {
    mode,
    road: { kind: taken.runPath?.kind ?? "k3s", description: taken.road },
    runId,
    owner: thisRunOwner(),
    kubeconfig: env.kubeconfig,
    kubeconfigPath: env.kubeconfigPath,
    workDir,
    k3sContainerId: env.k3sContainerId,
    argoCd: { url: env.argoCdUrl, namespace: ARGOCD_NAMESPACE, adminUsername: "admin", adminPassword },
    git: { root: git.root, hostUrl: git.url, clusterUrl: clusterGitUrl, ...credentials },
    seedImage: image,
    versions: {
      kubernetes: env.kubernetesVersion,
      argoCd: argoVersion,
      rollouts: rolloutsImage.split(":").at(-1) ?? rolloutsImage,
    },
    setup: { startedAt, journal: [] },
  };
}

async function buildSeedImage(
  git: RepoHost,
  runId: string,
  k3sContainerId: string | undefined,
  baseImage: string,
  workDir: string,
): Promise<string> {
  const appRepo = await LabRepo.seedFromFixture(
    git,
    `grade-submission-api-${runId}`,
    path.join(FIXTURES_DIR, "app/grade-submission-api"),
    "grade-submission-api: first version",
    workDir,
  );
  try {
    return await buildAndImport(
      { importer: clusterImageImporter(k3sContainerId), baseImage, labels: runDockerLabels(runId) },
      appRepo,
    );
  } finally {
    await appRepo.remove();
  }
}

export function keepClusterMessage(info: ClusterInfo): string {
  return [
    "KEEP_CLUSTER=1: the cluster is kept running.",
    `  kubeconfig:      ${info.kubeconfigPath}   (export KUBECONFIG=${info.kubeconfigPath})`,
    info.k3sContainerId
      ? `  Argo CD:         ${info.argoCd.url}   user admin, password: kubectl -n argocd get secret argocd-initial-admin-secret -o jsonpath='{.data.password}' | base64 -d`
      : // The run's port-forward ended with it: an existing cluster's Argo CD is reached through a new one.
        `  Argo CD:         kubectl -n argocd port-forward svc/argocd-server 8080:80, then http://127.0.0.1:8080   user admin, password: kubectl -n argocd get secret argocd-initial-admin-secret -o jsonpath='{.data.password}' | base64 -d`,
    info.k3sContainerId ? `  remove it with:  docker rm -f -v ${info.k3sContainerId.slice(0, 12)}` : "",
    "  The labs' Git server stopped with this run, so Argo CD will report the lab repos unreachable from now on.",
  ]
    .filter(Boolean)
    .join("\n");
}
