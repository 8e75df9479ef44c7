import { type AppRef, appViaApi } from "../argocd/app-ref";
import {
  describeApplication,
  type HistoryOptions,
  healthIs,
  historyContains,
  noSyncOperationSince,
  outOfSyncAt,
  syncedAt,
  syncRevisionIs,
} from "../argocd/application-expectations";
import { ARGOCD_NAMESPACE } from "../argocd/application-spec";
import type { ApplicationStateLog } from "../argocd/application-state-log";
import type { Application, HealthStatusCode, ResourceNode } from "../argocd/application-types";
import { autoSyncedAt } from "../argocd/auto-synced";
import { type HelmSourceSpec, helmSourceReported } from "../argocd/helm-source";
import { podLogContains } from "../argocd/pod-log-contains";
import { refreshAnnotationPatch, refreshPending } from "../argocd/refresh-annotation";
import { renderedAs } from "../argocd/rendered-manifests";
import { describeTreeQuery, type TreeQuery, treeHasNode } from "../argocd/resource-tree";
import { rolloutInTree } from "../argocd/tree-expectations";
import { appImage } from "../ci/ci-pipeline";
import { commitChangedOnly } from "../git/commit-touches";
import type { LabRepo } from "../git/lab-repo";
import { isNotFound } from "../kube/api-error";
import { mergePatch } from "../kube/kube-clients";
import { seconds } from "../report/seconds";
import { step } from "../report/step";
import { type Expectation, expectation, fail, pass, pending } from "../wait/expectation";
import type { WaitResult } from "../wait/wait-until";
import { AppDeployment } from "./app-deployment";
import { AppInUi } from "./app-in-ui";
import { AppPods } from "./app-pods";
import { AppRollout } from "./app-rollout";
import { APP_SELECTOR, CONTAINER_NAME, type GradeApiSource, WORKLOAD_NAME } from "./grade-api-layout";
import type { LabContext } from "./lab-context";
import type { LabObject } from "./lab-object";

/**
 * The outcomes a lab asks of the app: Argo CD's view of its Application (sync, health,
 * history, resource tree, pod logs) and its objects in the lab's namespace (its Deployment,
 * pods, Service and Rollout). Argo CD quirks live here: a refresh after every push, and
 * status judged only once it belongs to the pushed revision.
 * The app's actions extend this (grade-api-actions.ts), its given extends those (grade-api-app.ts).
 */
export class GradeApiOutcomes {
  readonly ref: AppRef;
  /** The lab's namespace, the Application's destination. */
  readonly namespace: string;
  /** The app's objects in the lab's namespace, whichever the GitOps repo describes now. */
  readonly deployment: AppDeployment;
  readonly pods: AppPods;
  readonly service: LabObject;
  readonly rollout: AppRollout;
  /** The app in Argo CD's web UI (a lab's UI part). */
  readonly ui: AppInUi;
  /** Every state Argo CD wrote for the app, from a watch: brief states are not missed. */
  states!: ApplicationStateLog;
  private refreshRequested = false;

  protected constructor(
    protected readonly lab: LabContext,
    readonly name: string,
    readonly gitops: LabRepo,
    readonly source: GradeApiSource,
    readonly seedSha: string,
    readonly image: string,
  ) {
    this.ref = appViaApi(lab.argocd, name);
    this.namespace = lab.namespace;
    this.deployment = new AppDeployment(lab.kube, lab.namespace, WORKLOAD_NAME);
    this.pods = new AppPods(lab.kube, lab.namespace, APP_SELECTOR);
    this.service = lab.object("Service", WORKLOAD_NAME);
    this.rollout = new AppRollout(lab.kube, lab.namespace, WORKLOAD_NAME);
    this.ui = new AppInUi(lab, name);
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
  historyContains(sha: string, options: HistoryOptions = {}): Expectation {
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

  /** The tree shows the Rollout with `replicaSets` ReplicaSets running pods (stable and canary). */
  rolloutInTree(replicaSets: number): Expectation {
    return rolloutInTree(this.lab.argocd, this.name, this.rollout.name, replicaSets);
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

  /** Argo CD reports the app's source as Helm, at `want`'s path and value files. */
  helmSourceReported(want: HelmSourceSpec): Expectation {
    return helmSourceReported(this.ref, want);
  }

  /** Argo CD found the app OutOfSync at `sha` and synced it by itself (an automated operation). */
  autoSyncedAt(sha: string): Expectation {
    return autoSyncedAt(this.ref, sha);
  }

  /** The manifests Argo CD's repo server renders for the app at `revision`. */
  manifestsAt(revision: string) {
    return this.lab.argocd.manifests(this.name, { revision });
  }

  /** Argo CD renders the app at `revision` to the same objects as `expected`. */
  renderedAs(revision: string, expected: Parameters<typeof renderedAs>[3]): Expectation {
    return renderedAs(this.lab.argocd, this.name, revision, expected);
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
        ? fail(`it was ${other.description} ${seconds(other.at - since)} after the action`)
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

  // ---- Git and CI --------------------------------------------------------

  /** The image CI builds from the app repo's commit `sha` (tagged with it). */
  imageOf(sha: string): string {
    return appImage(sha);
  }

  /** The GitOps repo's commit `sha` changed only `paths`. */
  commitChangedOnly(sha: string, paths: readonly string[]): Expectation {
    return commitChangedOnly(this.gitops, sha, paths);
  }
}
