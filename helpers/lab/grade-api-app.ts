import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { type AppRef, appViaApi } from "../argocd/app-ref";
import {
  describeApplication,
  healthIs,
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
import type { ApplicationStateLog } from "../argocd/application-state-log";
import type { HealthStatusCode } from "../argocd/application-types";
import { refreshAnnotationPatch } from "../argocd/refresh-annotation";
import { imageTag, setValuesImageTag, setWorkloadImage } from "../ci/image-in-manifest";
import type { LabRepo } from "../git/lab-repo";
import { mergePatch } from "../kube/kube-clients";
import { listPods, objectGone, summarizePods } from "../kube/workload-state";
import { step } from "../report/step";
import { allOf, type Expectation, expectation, fail, pass } from "../wait/expectation";
import type { WaitResult } from "../wait/wait-until";
import type { LabContext } from "./lab-context";

/** How the GitOps repo describes the app: the Deployment (Project 1), the Rollout (M1), or the Helm chart (M2). */
export type GradeApiSource = "deployment" | "rollout" | "helm";

const SOURCES: Record<GradeApiSource, { fixture: string; path: string; imageFile: string }> = {
  deployment: { fixture: "gitops/grade-api", path: ".", imageFile: "deployment.yaml" },
  rollout: { fixture: "gitops/grade-api-rollout", path: ".", imageFile: "rollout.yaml" },
  helm: { fixture: "gitops/grade-api-helm", path: "chart", imageFile: "chart/values.yaml" },
};

export const APP_SELECTOR = "app=grade-submission-api";
export const WORKLOAD_NAME = "grade-submission-api";

export interface GradeApiOptions {
  sync: SyncMode;
  source?: GradeApiSource;
  /** Defaults to the seed image CI built at setup. */
  image?: string;
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

  private constructor(
    private readonly lab: LabContext,
    readonly name: string,
    readonly gitops: LabRepo,
    readonly source: GradeApiSource,
    readonly seedSha: string,
    readonly image: string,
    private manifest: ReturnType<typeof applicationManifest>,
  ) {
    this.ref = appViaApi(lab.argocd, name);
  }

  /** The given of most labs: the app deployed from Git by Argo CD, Synced and Healthy. */
  static async deploy(lab: LabContext, options: GradeApiOptions): Promise<GradeApiApp> {
    const source = options.source ?? "deployment";
    const layout = SOURCES[source];
    const image = options.image ?? lab.cluster.seedImage;
    return step(
      `Given: grade-submission-api deployed by Argo CD from Git (${source}, sync ${options.sync})`,
      async () => {
        const gitops = await lab.seedRepo("gitops", layout.fixture, {
          message: "grade-submission-api manifests",
          registerWithArgoCd: true,
          rewrite: async (dir) => {
            const file = path.join(dir, layout.imageFile);
            const text = await readFile(file, "utf8");
            await writeFile(
              file,
              source === "helm" ? setValuesImageTag(text, imageTag(image)) : setWorkloadImage(text, image),
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
        const manifest = applicationManifest(input);
        const app = new GradeApiApp(lab, name, gitops, source, await gitops.headSha(), image, manifest);
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

  // ---- Changing the Application itself (T07) --------------------------

  /** Re-applies the Application with another sync policy, as the course's "Edit Application". */
  async setSyncPolicy(sync: SyncMode, fileName = "grade-api-app.yaml"): Promise<void> {
    this.manifest = {
      ...this.manifest,
      spec: {
        ...this.manifest.spec,
        syncPolicy: applicationManifest({ ...this.inputFrom(), sync }).spec.syncPolicy,
      },
    };
    await this.lab.applyManifest(fileName, this.manifest);
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
}
