import { readFile } from "node:fs/promises";
import path from "node:path";
import { type ApplicationInput, applicationManifest, type SyncMode } from "../argocd/application-spec";
import { appImage, runCi } from "../ci/ci-pipeline";
import type { LabRepo } from "../git/lab-repo";
import { chartFilesFor, ROLLOUT_FILE } from "./gitops-layouts";
import { type GradeApiSource, SOURCES } from "./grade-api-layout";
import { GradeApiOutcomes } from "./grade-api-outcomes";
import type { LabContext } from "./lab-context";
import { readFixture } from "./lab-fixtures";
import { setWorkloadReplicas } from "./replicas-in-manifest";

/** T07's control switch: the manual sync is not pressed, and auto-sync is turned back on instead. */
export const MANUAL_SYNC_SWITCH = "manual-sync";

/** One run of CI for the app repo's HEAD: the commit, its image (tagged with it), the GitOps commit. */
export interface CiRelease {
  appSha: string;
  image: string;
  gitopsSha: string;
}

/**
 * The actions a lab takes on the app: a developer's or a human's change to Git (the GitOps
 * repo and the app's own repo), CI, and edits of the Application itself.
 */
export class GradeApiActions extends GradeApiOutcomes {
  protected constructor(
    lab: LabContext,
    name: string,
    gitops: LabRepo,
    source: GradeApiSource,
    seedSha: string,
    image: string,
    private manifest: ReturnType<typeof applicationManifest>,
    private readonly ciRepo?: LabRepo,
  ) {
    super(lab, name, gitops, source, seedSha, image);
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

  /**
   * A manual sync: what the UI's SYNC button sends (POST /api/v1/applications/{name}/sync). Under
   * T07's control the button is not pressed and auto-sync is turned back on instead, so the change
   * still deploys, but not by the user's sync.
   */
  async sync(): Promise<void> {
    if (this.lab.isSwitchedOff(MANUAL_SYNC_SWITCH)) return this.setSyncPolicy("auto");
    await this.lab.argocd.syncApplication(this.name);
  }

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

  // ---- Project 2: the same app from its Helm chart (M2.1) ---------------

  /**
   * Lab 2.1's restructure, then Lab 2.2's Application: rollout.yaml replaced by the chart
   * (rendering the same Rollout for the app's image) in one pushed commit, and the
   * Application pointed at it. Returns the commit's SHA.
   */
  async restructureAsHelmChart(): Promise<string> {
    await this.gitops.replaceFiles(
      [ROLLOUT_FILE],
      await chartFilesFor(this.image),
      "Restructure as a Helm chart",
    );
    const pushed = await this.gitops.push();
    await this.useHelmChart();
    return pushed;
  }

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
