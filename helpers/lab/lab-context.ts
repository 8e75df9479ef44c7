import { LAB_ID_LABEL_KEY, type SyncMode } from "../argocd/application-spec";
import { ArgoCdApi } from "../argocd/argocd-api";
import type { Lab } from "../catalog/lab-catalog";
import type { CiEnvironment } from "../ci/ci-pipeline";
import { clusterImageImporter } from "../ci/image-importer";
import type { ClusterInfo } from "../cluster/cluster-info";
import { runDockerLabels } from "../cluster/killed-runs";
import { containerKubectl, hostKubectl, type KubectlRunner } from "../cluster/kubectl";
import { type CommandTranscript, notRun } from "../exec/transcript";
import { registerCredentialSecrets } from "../git/basic-auth";
import type { LabRepo } from "../git/lab-repo";
import { type RepoHost, repoHost } from "../git/served-repos";
import { type KubeClients, makeKubeClients } from "../kube/kube-clients";
import type { KindRef } from "../kube/object-ref";
import { resolvePins } from "../project/versions";
import { attachText } from "../report/attach";
import { registerSecret } from "../report/redaction";
import { seconds } from "../report/seconds";
import { step } from "../report/step";
import { consistently, type HoldOptions, type HoldResult } from "../wait/consistently";
import type { Expectation } from "../wait/expectation";
import { type WaitOptions, type WaitResult, waitUntil } from "../wait/wait-until";
import { beyondCourseBound, type CourseBound } from "./course-bound";
import { attachDiagnostics } from "./diagnostics";
import { LabCleanups } from "./lab-cleanups";
import type { LabControl } from "./lab-control";
import { labNamespace } from "./lab-names";
import { LabObject } from "./lab-object";
import { LabRepos, type SeedOptions } from "./lab-repos";
import { type CourseCommandOptions, LabTerminal } from "./lab-terminal";
import { Timeline } from "./timeline";

export { readFixture } from "./lab-fixtures";

/**
 * One lab's world: its own namespace, repos and Applications on the shared
 * cluster, the course's actors (a human with kubectl, Git, CI), the waits, and
 * what it leaves behind: measurements always, diagnostics on failure, nothing
 * in the cluster once it is closed.
 */
export class LabContext {
  readonly namespace: string;
  readonly kube: KubeClients;
  readonly argocd: ArgoCdApi;
  readonly kubectlRunner: KubectlRunner;
  readonly repos: RepoHost;
  readonly ci: CiEnvironment;
  readonly timeline = new Timeline();
  readonly startedAt = new Date();
  private readonly labRepos: LabRepos;
  private readonly terminal: LabTerminal;
  private readonly cleanups = new LabCleanups();
  private readonly measurements: string[] = [];

  private constructor(
    readonly lab: Lab,
    readonly cluster: ClusterInfo,
    readonly signal: AbortSignal,
    attempt: number,
    /** The negative control in force, if the lab runs as one (npm run test:controls). */
    readonly control?: LabControl,
  ) {
    // Workers are separate processes: the secrets the setup registered must be registered here too.
    registerCredentialSecrets(cluster.git);
    registerSecret(cluster.argoCd.adminPassword);
    this.namespace = labNamespace(lab.id, cluster.runId, attempt);
    this.kube = makeKubeClients(cluster.kubeconfig);
    this.argocd = new ArgoCdApi({
      baseUrl: cluster.argoCd.url,
      username: "admin",
      password: cluster.argoCd.adminPassword,
    });
    this.kubectlRunner = cluster.k3sContainerId
      ? containerKubectl(cluster.k3sContainerId)
      : hostKubectl(cluster.kubeconfigPath);
    this.repos = repoHost(cluster.git.root, cluster.git.hostUrl, cluster.git);
    this.labRepos = new LabRepos(lab.id, this.namespace, cluster, this.kube, this.repos, (cleanup) =>
      this.onClose(cleanup),
    );
    this.terminal = new LabTerminal(this.kubectlRunner, this.namespace);
    this.ci = {
      importer: clusterImageImporter(cluster.k3sContainerId),
      baseImage: resolvePins().appBaseImage,
      // Owned by the run's main process, not this worker, which may end before the run does.
      labels: runDockerLabels(cluster.runId, cluster.owner),
    };
  }

  static async open(
    lab: Lab,
    cluster: ClusterInfo,
    signal: AbortSignal,
    attempt = 0,
    control?: LabControl,
  ): Promise<LabContext> {
    const context = new LabContext(lab, cluster, signal, attempt, control);
    await step(`Given: namespace ${context.namespace} for lab ${lab.id}`, async () => {
      await context.kube.core.createNamespace({
        body: { metadata: { name: context.namespace, labels: { [LAB_ID_LABEL_KEY]: lab.id } } },
      });
    });
    context.onClose(() =>
      context.kube.core.deleteNamespace({ name: context.namespace }).catch(() => undefined),
    );
    return context;
  }

  /**
   * Registers cleanup, run in reverse order when the lab closes. A cleanup with `mustSucceed`
   * (what it puts back, e.g. Argo CD's configuration) fails a lab that passed when it fails.
   */
  onClose(cleanup: () => Promise<unknown>, options: { mustSucceed?: string } = {}): void {
    this.cleanups.add(cleanup, options);
  }

  // ---- Git -------------------------------------------------------------

  /**
   * A repo of this lab on the suite's Git server, seeded from a fixture folder
   * (optionally rewritten first, e.g. to put CI's image in), and registered
   * with Argo CD when Argo CD must read it.
   */
  async seedRepo(name: string, fixture: string, options: SeedOptions): Promise<LabRepo> {
    return this.labRepos.seed(name, fixture, options);
  }

  /** The repo's URL as Argo CD's repo server reaches it. */
  clusterRepoUrl(repoName: string): string {
    return this.labRepos.clusterRepoUrl(repoName);
  }

  // ---- The action, and the controls that switch things off ---------------

  /**
   * The lab's action (the human's command, the Git change). Under the
   * universal negative control it is skipped, and `unchanged` gives what the
   * world then holds instead (the current commit, a command never run).
   */
  async act<T>(what: string, run: () => Promise<T>, unchanged: () => T | Promise<T>): Promise<T> {
    const change = this.control?.change;
    if (change?.kind !== "skip-action" || (change.action !== undefined && change.action !== what))
      return run();
    return step(`Control: the action is skipped: ${what}`, async () => unchanged());
  }

  /** A Git action: `change` on `repo`, then a push; its SHA. Skipped under the universal control: the current commit. */
  async pushAction(
    what: string,
    repo: LabRepo,
    change: (repo: LabRepo) => Promise<unknown>,
  ): Promise<string> {
    return this.act(
      what,
      async () => {
        await change(repo);
        return repo.push();
      },
      () => repo.headSha(),
    );
  }

  /** The sync policy Argo CD really gets: the one asked for, unless a control switches it. */
  syncPolicy(asked: SyncMode): SyncMode {
    const change = this.control?.change;
    return change?.kind === "sync-policy" && change.from === asked ? change.to : asked;
  }

  /** Whether a spec-specific control switch is in force (a pause step, a deny line, a Role's verb). */
  isSwitchedOff(id: string): boolean {
    const change = this.control?.change;
    return change?.kind === "switch" && change.id === id;
  }

  // ---- The human at the terminal --------------------------------------

  /**
   * Runs a course command line (`kubectl -n grade scale ...`) in this lab's
   * namespace, with the exact line in the transcript. `expectFailure` for
   * commands the lab proves are refused.
   */
  async kubectl(courseLine: string, options: CourseCommandOptions = {}): Promise<CommandTranscript> {
    return this.terminal.kubectl(courseLine, options);
  }

  /** A course command line as the lab's action; under the universal control it is never run. */
  async kubectlAction(
    what: string,
    courseLine: string,
    options: { expectFailure?: boolean } = {},
  ): Promise<CommandTranscript> {
    return this.act(
      what,
      () => this.kubectl(courseLine, options),
      () => notRun(courseLine),
    );
  }

  /** `kubectl edit`, made non-interactive: KUBE_EDITOR is a sed script. */
  async kubectlEdit(courseLine: string, sedScript: string): Promise<CommandTranscript> {
    return this.terminal.kubectlEdit(courseLine, sedScript);
  }

  /** `kubectl apply -f <file>` of a manifest object, as the course applies its YAML files. */
  async applyManifest(
    fileName: string,
    manifest: object,
    options: { namespaced?: boolean } = {},
  ): Promise<void> {
    await this.terminal.applyManifest(fileName, manifest, options);
  }

  // ---- Observing --------------------------------------------------------

  /** An object in this lab's namespace, by kind and name. */
  object(kind: KindRef, name: string): LabObject {
    return new LabObject(this.kube, this.namespace, kind, name);
  }

  waitUntil(expectation: Expectation, timeout: WaitOptions["timeout"] = "sync"): Promise<WaitResult> {
    return waitUntil(expectation, { timeout, signal: this.signal });
  }

  hold(condition: Expectation, options: Omit<HoldOptions, "signal">): Promise<HoldResult> {
    return consistently(condition, { ...options, signal: this.signal });
  }

  /** A point in time to measure from, and to judge "since the action" observations by. */
  mark(): number {
    return performance.now();
  }

  /**
   * A measured outcome the report shows as a sentence: "self-heal: back to 1 replica after 6.8 s".
   * With `within`, the course's words bound it ("seconds later"): beyond the bound the lab fails,
   * saying which words and why that bound. Never scaled: the bound is the course's, not a wait's.
   */
  async measureSince(label: string, mark: number, within?: CourseBound): Promise<void> {
    const tookMs = performance.now() - mark;
    const line = `${label} after ${seconds(tookMs)}${within ? ` (the course's bound: ${seconds(within.ms)})` : ""}`;
    this.measurements.push(line);
    await step(`Measured: ${line}`, async () => {
      const broken = within && beyondCourseBound(label, tookMs, within);
      if (broken) throw new Error(broken);
    });
  }

  // ---- Closing ----------------------------------------------------------

  /**
   * Diagnostics first when the lab failed, then cleanup; the timeline and measurements always.
   * Throws, after a lab that passed, when something that had to be put back was not.
   */
  async close(error?: unknown): Promise<void> {
    let evidenceFailure: unknown;
    try {
      await this.timeline.stop();
      if (this.measurements.length > 0) await attachText("measurements", this.measurements.join("\n"));
      if (error !== undefined) {
        await attachDiagnostics({
          kube: this.kube,
          labId: this.lab.id,
          namespace: this.namespace,
          startedAt: this.startedAt,
          repos: this.labRepos.all(),
          timeline: this.timeline.format(),
        }).catch(() => undefined);
      }
    } catch (e) {
      evidenceFailure = e;
    }
    // Whatever goes wrong with the evidence, the cluster is cleaned (restored Argo CD config, released locks).
    const failed = await this.cleanups.run(`Clean up lab ${this.lab.id}`);
    if (evidenceFailure !== undefined) throw evidenceFailure;
    // A lab that already failed keeps its own error, the one its verdict is about.
    if (failed.length > 0 && error === undefined)
      throw new Error(`Lab ${this.lab.id} could not put back what it changed. ${failed.join(" ")}`);
  }
}
