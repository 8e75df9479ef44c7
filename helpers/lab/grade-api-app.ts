import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { type AppRef, appViaApi } from "../argocd/app-ref";
import {
  describeApplication,
  healthIs,
  historyContains,
  noSyncOperationSince,
  outOfSyncAt,
  syncedAt,
  syncRevisionIs,
} from "../argocd/application-expectations";
import {
  type ApplicationInput,
  ARGOCD_NAMESPACE,
  applicationManifest,
  type SyncMode,
} from "../argocd/application-spec";
import { ApplicationStateLog } from "../argocd/application-state-log";
import type { Application, HealthStatusCode, ResourceNode } from "../argocd/application-types";
import { podLogContains } from "../argocd/pod-log-contains";
import { refreshAnnotationPatch, refreshPending } from "../argocd/refresh-annotation";
import { describeTreeQuery, type TreeQuery, treeHasNode } from "../argocd/resource-tree";
import { appImage, buildAndImport, runCi } from "../ci/ci-pipeline";
import { imageTag, setValuesImageTag, setWorkloadImage } from "../ci/image-in-manifest";
import type { LabRepo } from "../git/lab-repo";
import { isNotFound, mergePatch } from "../kube/kube-clients";
import { listPods, objectGone, summarizePods } from "../kube/workload-state";
import { step } from "../report/step";
import { allOf, type Expectation, expectation, fail, pass, pending } from "../wait/expectation";
import type { WaitResult } from "../wait/wait-until";
import { type LabContext, readFixture } from "./lab-context";
import { setWorkloadReplicas } from "./replicas-in-manifest";

/** How the GitOps repo describes the app: the Deployment (Project 1), the Rollout (M1), or the Helm chart (M2). */
export type GradeApiSource = "deployment" | "rollout" | "helm";

const SOURCES: Record<GradeApiSource, { fixture: string; path: string; imageFile: string }> = {
  deployment: { fixture: "gitops/grade-api", path: ".", imageFile: "deployment.yaml" },
  rollout: { fixture: "gitops/grade-api-rollout", path: ".", imageFile: "rollout.yaml" },
  helm: { fixture: "gitops/grade-api-helm", path: "chart", imageFile: "chart/values.yaml" },
};

export const APP_SELECTOR = "app=grade-submission-api";
export const WORKLOAD_NAME = "grade-submission-api";
/** The app's container in the fixture's pod template. */
export const CONTAINER_NAME = "app";
/**
 * A "nothing happens" window: the suite sets Argo CD's timeout.reconciliation to 10 s
 * (helpers/install/patch-argocd.ts), so 20 s spans two periodic reconciles.
 */
export const TWO_RECONCILIATIONS_MS = 20_000;

/** One run of CI for the app repo's HEAD: the commit, its image (tagged with it), the GitOps commit. */
export interface CiRelease {
  appSha: string;
  image: string;
  gitopsSha: string;
}

/** Control switches the app's given reads (LabContext.isSwitchedOff). */
export const HELM_SOURCE_SWITCH = "helm-source";
export const CANARY_PAUSES_SWITCH = "canary-pauses";

/** The Rollout's canary steps less every `- pause:` step. */
export function withoutPauseSteps(manifest: string): string {
  return manifest
    .split("\n")
    .filter((line) => !/^\s*- pause:/.test(line))
    .join("\n");
}

export interface GradeApiOptions {
  sync: SyncMode;
  source?: GradeApiSource;
  /** Defaults to the seed image CI built at setup. */
  image?: string;
  /**
   * The course's "CI repo": the app's own repo for this lab, its first image built by CI
   * from it (tagged with its commit SHA), for the labs that change the app's code (T04–T06).
   */
  ci?: boolean;
  /**
   * `automated.allowEmpty: true`: without it, auto-sync with prune refuses to delete the
   * app's last resource ("auto-sync will wipe out all resources"), which T08 does.
   */
  allowEmpty?: boolean;
}

/**
 * The course's grade-submission-api as an Argo CD Application of this lab:
 * its GitOps repo, its Application, and the expectations a lab asks of it.
 * Argo CD quirks live here: a refresh after every push, and status judged
 * only once it belongs to the pushed revision.
 */
export class GradeApiApp {
  readonly ref: AppRef;
  /** Every state Argo CD wrote for the app, from a watch: brief states are not missed. */
  states!: ApplicationStateLog;
  private refreshRequested = false;

  private constructor(
    private readonly lab: LabContext,
    readonly name: string,
    readonly gitops: LabRepo,
    readonly source: GradeApiSource,
    readonly seedSha: string,
    readonly image: string,
    private manifest: ReturnType<typeof applicationManifest>,
    private readonly ciRepo?: LabRepo,
  ) {
    this.ref = appViaApi(lab.argocd, name);
  }

  /** The given of most labs: the app deployed from Git by Argo CD, Synced and Healthy. */
  static async deploy(lab: LabContext, asked: GradeApiOptions): Promise<GradeApiApp> {
    const options = {
      ...asked,
      sync: lab.syncPolicy(asked.sync),
      // Control of M2.2: the same chart's Rollout, from a plain manifest instead of a Helm source.
      source:
        asked.source === "helm" && lab.isSwitchedOff(HELM_SOURCE_SWITCH)
          ? ("rollout" as const)
          : asked.source,
    };
    const source = options.source ?? "deployment";
    const layout = SOURCES[source];
    return step(
      `Given: grade-submission-api deployed by Argo CD from Git (${source}, sync ${options.sync}${options.allowEmpty ? ", allowEmpty" : ""}${options.ci ? ", image built by CI from the lab's app repo" : ""})`,
      async () => {
        const ciRepo = options.ci
          ? await lab.seedRepo("app", "app/grade-submission-api", {
              message: "grade-submission-api: first version",
            })
          : undefined;
        const image = ciRepo
          ? await buildAndImport(lab.ci, ciRepo)
          : (options.image ?? lab.cluster.seedImage);
        const gitops = await lab.seedRepo("gitops", layout.fixture, {
          message: "grade-submission-api manifests",
          registerWithArgoCd: true,
          rewrite: async (dir) => {
            const file = path.join(dir, layout.imageFile);
            const text = await readFile(file, "utf8");
            const withImage =
              source === "helm" ? setValuesImageTag(text, imageTag(image)) : setWorkloadImage(text, image);
            // Control of M1.3: the canary without its pause steps.
            await writeFile(
              file,
              lab.isSwitchedOff(CANARY_PAUSES_SWITCH) ? withoutPauseSteps(withImage) : withImage,
            );
          },
        });
        const name = `grade-api-${lab.namespace}`.slice(0, 63);
        const input: ApplicationInput = {
          name,
          labId: lab.lab.id,
          repoURL: lab.clusterRepoUrl(`${lab.namespace}-gitops`),
          path: layout.path,
          targetRevision: "main",
          destinationNamespace: lab.namespace,
          sync: options.sync,
          ...(source === "helm" ? { helm: { valueFiles: ["values.yaml"] } } : {}),
        };
        const manifest = withAllowEmpty(applicationManifest(input), options.allowEmpty ?? false);
        const app = new GradeApiApp(
          lab,
          name,
          gitops,
          source,
          await gitops.headSha(),
          image,
          manifest,
          ciRepo,
        );
        // Watching before the Application exists: every state it ever had is in the log.
        app.states = await ApplicationStateLog.start(lab.kube.kc, name);
        lab.onClose(async () => app.states.stop());
        await lab.applyManifest("grade-api-app.yaml", manifest);
        lab.onClose(() => app.delete());
        lab.timeline.watch({
          name: `Application ${name}`,
          read: async () => describeApplication(await app.ref.read()),
        });
        lab.timeline.watch({
          name: "pods",
          read: async () => summarizePods(await listPods(lab.kube, lab.namespace, APP_SELECTOR)),
        });
        if (options.sync === "manual") await lab.argocd.syncApplication(name);
        await lab.waitUntil(
          allOf(
            "the app Synced at its first commit and Healthy",
            app.syncedAt(app.seedSha),
            app.health("Healthy"),
          ),
          "podReady",
        );
        return app;
      },
    );
  }

  // ---- Argo CD's view ---------------------------------------------------

  syncedAt(sha: string): Expectation {
    return syncedAt(this.ref, sha);
  }

  outOfSyncAt(sha: string): Expectation {
    return outOfSyncAt(this.ref, sha);
  }

  health(status: HealthStatusCode): Expectation {
    return healthIs(this.ref, status);
  }

  /** Argo CD's operation history (its audit trail) has an entry for `sha`. */
  historyContains(sha: string, options: { automated?: boolean } = {}): Expectation {
    return historyContains(this.ref, sha, options);
  }

  /** Argo CD started no sync operation since `since` (a wall-clock time, as the API reports). */
  noSyncOperationSince(since: Date): Expectation {
    return noSyncOperationSince(this.ref, since);
  }

  /** The app's resource tree, as the UI draws it, shows a node like `query`; `found` receives it. */
  inTree(query: TreeQuery, found?: (node: ResourceNode) => void): Expectation {
    return treeHasNode(this.lab.argocd, this.name, query, found);
  }

  /** Waits until the tree shows a pod like `query` and returns its node, as a click on the pod does. */
  async podInTree(query: Omit<TreeQuery, "kind">): Promise<ResourceNode> {
    let pod: ResourceNode | undefined;
    await this.lab.waitUntil(
      this.inTree({ kind: "Pod", ...query }, (node) => {
        pod = node;
      }),
      "podReady",
    );
    if (!pod?.name)
      throw new Error(`the tree showed ${describeTreeQuery({ kind: "Pod", ...query })} without a name`);
    return pod;
  }

  /** The pod's log, read through Argo CD's logs API (the UI's Logs tab), holds `text`. */
  podLogContains(pod: ResourceNode, text: string): Expectation {
    return podLogContains(
      this.lab.argocd,
      this.name,
      { podName: pod.name ?? "", namespace: pod.namespace ?? this.lab.namespace, container: CONTAINER_NAME },
      text,
    );
  }

  /** Argo CD showed the app OutOfSync at some point after `since` (a `performance.now()` mark), however briefly. */
  becameOutOfSync(since: number): Expectation {
    return this.states.seen("OutOfSync", since, (a) => a.status?.sync?.status === "OutOfSync");
  }

  /** Holds while every state Argo CD wrote since `since` is Synced: for "Argo CD did nothing" claims. */
  stayedSynced(since: number): Expectation {
    return expectation(`${this.name} to have stayed Synced`, () => {
      const after = this.states.states.filter((s) => s.at >= since);
      const other = after.find((s) => s.app.status?.sync?.status !== "Synced");
      return other
        ? fail(`it was ${other.description} ${((other.at - since) / 1000).toFixed(1)} s after the action`)
        : pass(`${after.length} state(s) since the action, all Synced`);
    });
  }

  /**
   * After a push: ask Argo CD to refresh (never wait for its poll), then wait
   * until its status belongs to the pushed revision. Before that, Synced or
   * OutOfSync describes the previous commit.
   */
  async sees(sha: string): Promise<WaitResult> {
    await this.refresh();
    return this.lab.waitUntil(syncRevisionIs(this.ref, sha), "sync");
  }

  async refresh(): Promise<void> {
    this.refreshRequested = true;
    await step(`Argo CD: refresh ${this.name} (annotation argocd.argoproj.io/refresh=normal)`, async () => {
      await this.lab.kube.custom.patchNamespacedCustomObject(
        {
          group: "argoproj.io",
          version: "v1alpha1",
          namespace: ARGOCD_NAMESPACE,
          plural: "applications",
          name: this.name,
          body: refreshAnnotationPatch("normal"),
        },
        mergePatch(),
      );
    });
  }

  /**
   * Passes once the controller has answered the last refresh(): it removes the annotation in the
   * same write as the status of that reconcile. Read from Kubernetes, not through argocd-server,
   * whose informer may not have seen the annotation yet and would pass too early.
   */
  refreshAnswered(): Expectation {
    return expectation(
      `Argo CD to have reconciled ${this.name} since the refresh was asked for`,
      async () => {
        if (!this.refreshRequested) return fail("no refresh was asked for: call refresh() first");
        const app = await this.readFromKubernetes();
        if (!app) return pending("the Application does not exist");
        const state = describeApplication(app);
        return refreshPending(app) ? pending(state) : pass(state);
      },
    );
  }

  private async readFromKubernetes(): Promise<Application | undefined> {
    try {
      return (await this.lab.kube.custom.getNamespacedCustomObject({
        group: "argoproj.io",
        version: "v1alpha1",
        namespace: ARGOCD_NAMESPACE,
        plural: "applications",
        name: this.name,
      })) as Application;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  // ---- Changing Git: the GitOps repo and the app's own (CI) repo --------

  /** The app's own repo (the course's "CI repo"); only with `deploy(…, { ci: true })`. */
  get appRepo(): LabRepo {
    if (!this.ciRepo) throw new Error("this app has no CI repo: deploy it with { ci: true }");
    return this.ciRepo;
  }

  /** A developer's change to the app's code: edit `file`, commit, push. Returns the commit SHA. */
  async pushAppChange(file: string, edit: (text: string) => string, message: string): Promise<string> {
    const text = await readFile(path.join(this.appRepo.dir, file), "utf8");
    await this.appRepo.commitFile(file, edit(text), message);
    return this.appRepo.push();
  }

  /** `git revert <sha>` and `git push` in the app repo. Returns the revert commit's SHA. */
  async revertInApp(sha: string): Promise<string> {
    await this.appRepo.revert(sha);
    return this.appRepo.push();
  }

  /** CI for the app repo's HEAD: the image tagged with its SHA, imported, and written to the GitOps repo. */
  async runCi(): Promise<CiRelease> {
    const appSha = await this.appRepo.headSha();
    const { image, gitopsSha } = await runCi(this.lab.ci, this.appRepo, {
      repo: this.gitops,
      file: SOURCES[this.source].imageFile,
      kind: this.source === "helm" ? "helm-values" : "workload",
    });
    return { appSha, image, gitopsSha };
  }

  /** What CI last released, as deployed now: what a skipped release (a negative control) leaves. */
  async currentRelease(): Promise<CiRelease> {
    const appSha = await this.appRepo.headSha();
    return { appSha, image: appImage(appSha), gitopsSha: await this.gitops.headSha() };
  }

  /** A human's change to the GitOps repo on its current branch: `spec.replicas`, committed and pushed. */
  async commitReplicas(replicas: number, message: string): Promise<string> {
    if (this.source === "helm") throw new Error("commitReplicas edits a workload manifest, not Helm values");
    const file = SOURCES[this.source].imageFile;
    const text = await readFile(path.join(this.gitops.dir, file), "utf8");
    await this.gitops.commitFile(file, setWorkloadReplicas(text, replicas), message);
    return this.gitops.push();
  }

  /** Adds a fixture file (e.g. gitops/additions/service.yaml) to the GitOps repo as `file`, pushed. */
  async commitFixture(file: string, fixture: string, message: string): Promise<string> {
    await this.gitops.commitFile(file, await readFixture(fixture), message);
    return this.gitops.push();
  }

  // ---- Changing the Application itself (T07) --------------------------

  /** Re-applies the Application with another sync policy, as the course's "Edit Application". */
  async setSyncPolicy(asked: SyncMode, fileName = "grade-api-app.yaml"): Promise<void> {
    const sync = this.lab.syncPolicy(asked);
    this.manifest = {
      ...this.manifest,
      spec: {
        ...this.manifest.spec,
        syncPolicy: applicationManifest({ ...this.inputFrom(), sync }).spec.syncPolicy,
      },
    };
    await this.lab.applyManifest(fileName, this.manifest);
    // A push right after the apply could still meet a reconcile of the old policy. The refresh is
    // written after the new spec, so the reconcile that answers it, and every later one, sees it.
    await this.refresh();
    await this.lab.waitUntil(this.refreshAnswered());
  }

  private inputFrom(): ApplicationInput {
    const spec = this.manifest.spec;
    return {
      name: this.name,
      labId: this.lab.lab.id,
      repoURL: spec.source.repoURL,
      path: spec.source.path,
      targetRevision: spec.source.targetRevision,
      destinationNamespace: spec.destination.namespace,
      sync: "auto",
    };
  }

  private async delete(): Promise<void> {
    await step(`Delete Application ${this.name} and what it deployed`, async () => {
      await this.lab.kube.custom
        .deleteNamespacedCustomObject({
          group: "argoproj.io",
          version: "v1alpha1",
          namespace: ARGOCD_NAMESPACE,
          plural: "applications",
          name: this.name,
        })
        .catch(() => undefined);
      await this.lab.waitUntil(
        objectGone(
          this.lab.kube,
          { apiVersion: "argoproj.io/v1alpha1", kind: "Application" },
          ARGOCD_NAMESPACE,
          this.name,
        ),
        "deletion",
      );
    });
  }

  // ---- Project 2: the same app from its Helm chart (M2.1) ---------------

  /**
   * Re-applies the Application as the course's Lab 2.2 writes it (`source.path: chart`,
   * `helm.valueFiles: [values.yaml]`), for a repo restructured into the chart. `source`
   * and runCi() keep the layout the app was deployed with.
   */
  async useHelmChart(fileName = "grade-api-app.yaml"): Promise<void> {
    const source = {
      ...this.manifest.spec.source,
      path: SOURCES.helm.path,
      helm: { valueFiles: ["values.yaml"] },
    };
    this.manifest = { ...this.manifest, spec: { ...this.manifest.spec, source } };
    await this.lab.applyManifest(fileName, this.manifest);
  }
}

/** Adds `allowEmpty` to an automated policy; a manual policy deletes nothing by itself. */
function withAllowEmpty(
  manifest: ReturnType<typeof applicationManifest>,
  allowEmpty: boolean,
): ReturnType<typeof applicationManifest> {
  if (!allowEmpty) return manifest;
  const { syncPolicy } = manifest.spec;
  if (!syncPolicy.automated) throw new Error("allowEmpty needs an automated sync policy");
  return {
    ...manifest,
    spec: {
      ...manifest.spec,
      syncPolicy: { ...syncPolicy, automated: { ...syncPolicy.automated, allowEmpty } },
    },
  };
}
