import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describeApplication } from "../argocd/application-expectations";
import {
  type ApplicationInput,
  ARGOCD_NAMESPACE,
  applicationManifest,
  type SyncMode,
} from "../argocd/application-spec";
import { ApplicationStateLog } from "../argocd/application-state-log";
import { buildAndImport } from "../ci/ci-pipeline";
import { imageTag, setValuesImageTag, setWorkloadImage } from "../ci/image-in-manifest";
import { listPods } from "../kube/pod-listing";
import { summarizePods } from "../kube/pod-summary";
import { objectGone } from "../kube/presence";
import { step } from "../report/step";
import { allOf } from "../wait/expectation";
import { GradeApiActions } from "./grade-api-actions";
import { APP_SELECTOR, type GradeApiSource, SOURCES } from "./grade-api-layout";
import type { LabContext } from "./lab-context";

/**
 * A "nothing happens" window: the suite sets Argo CD's timeout.reconciliation to 10 s
 * (helpers/install/patch-argocd.ts), so 20 s spans two periodic reconciles.
 */
export const TWO_RECONCILIATIONS_MS = 20_000;

/** Control switches the app's given reads (LabContext.isSwitchedOff). */
export const HELM_SOURCE_SWITCH = "helm-source";
export const CANARY_PAUSES_SWITCH = "canary-pauses";
export const TIMED_LAST_PAUSE_SWITCH = "timed-last-pause";

/** The Rollout's canary steps less every `- pause:` step. */
export function withoutPauseSteps(manifest: string): string {
  return manifest
    .split("\n")
    .filter((line) => !/^\s*- pause:/.test(line))
    .join("\n");
}

/** The course's Rollout with its last pause timed (10 minutes) instead of held until promoted. */
export function withTimedLastPause(manifest: string): string {
  return manifest.replace(/^(\s*- pause: )\{\}\s*$/m, '$1{ duration: "10m" }');
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
 * its GitOps repo, its Application, and what a lab does with it. This file is
 * the given (deploy, and the cleanup it registers); the actions are in
 * grade-api-actions.ts and the outcomes in grade-api-outcomes.ts.
 */
// Its constructor is GradeApiActions' (protected): an app is made only by deploy().
export class GradeApiApp extends GradeApiActions {
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
            // Controls of M1.3: the canary without its pause steps, or with its last pause timed.
            const controlled = lab.isSwitchedOff(CANARY_PAUSES_SWITCH)
              ? withoutPauseSteps(withImage)
              : lab.isSwitchedOff(TIMED_LAST_PAUSE_SWITCH)
                ? withTimedLastPause(withImage)
                : withImage;
            await writeFile(file, controlled);
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
