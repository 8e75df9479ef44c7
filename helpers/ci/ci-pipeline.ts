import { readFile } from "node:fs/promises";
import path from "node:path";
import { transcriptStep } from "../exec/run-command";
import type { LabRepo } from "../git/lab-repo";
import { step } from "../report/step";
import { buildImage } from "./build-image";
import type { ImageImporter } from "./image-importer";
import { setValuesImageTag, setWorkloadImage } from "./image-in-manifest";

/** The app image's name; its tag is always the app repo's commit SHA, as in the course. */
export const APP_IMAGE_REPOSITORY = "grade-submission-api";
/** What the app's Dockerfile needs from its repo (the app is small: no .dockerignore). */
export const APP_IMAGE_FILES = ["Dockerfile", "package.json", "app.js"];

export interface CiEnvironment {
  importer: ImageImporter;
  /** The Node base image, pinned in helpers/project/versions.ts. */
  baseImage: string;
  /** The run's label: the images CI builds on this machine are removed when the run ends (the cluster has its own copy). */
  labels: Record<string, string>;
}

/** Where CI writes the new image in the GitOps repo: a workload manifest, or a Helm values file. */
export type DeployTarget = { repo: LabRepo; file: string; kind: "workload" | "helm-values" };

export function appImage(sha: string): string {
  return `${APP_IMAGE_REPOSITORY}:${sha}`;
}

/** CI's build stage: the image for the app repo's HEAD, tagged with its SHA, put into the cluster. */
export async function buildAndImport(ci: CiEnvironment, appRepo: LabRepo): Promise<string> {
  const sha = await appRepo.headSha();
  const image = appImage(sha);
  await step(`CI: build ${image} and import it into the cluster`, async () => {
    await transcriptStep(`CI: docker build (${image})`, () =>
      buildImage({
        contextDir: appRepo.dir,
        files: APP_IMAGE_FILES,
        tag: image,
        buildArgs: { BASE_IMAGE: ci.baseImage, GIT_SHA: sha },
        labels: ci.labels,
      }),
    );
    await transcriptStep(`CI: import ${image} (no registry)`, () => ci.importer.import(image));
  });
  return image;
}

/** CI's deploy stage: commit the new image to the GitOps repo and push. Returns the GitOps commit SHA. */
export async function commitImage(target: DeployTarget, image: string): Promise<string> {
  const file = path.join(target.repo.dir, target.file);
  const current = await readFile(file, "utf8");
  const updated =
    target.kind === "workload"
      ? setWorkloadImage(current, image)
      : setValuesImageTag(current, image.slice(image.lastIndexOf(":") + 1));
  await target.repo.writeFiles({ [target.file]: updated }, `ci: deploy ${image}`);
  return target.repo.push();
}

/** The whole pipeline for the app repo's HEAD: build, import, update the GitOps repo. */
export async function runCi(
  ci: CiEnvironment,
  appRepo: LabRepo,
  target: DeployTarget,
): Promise<{ image: string; gitopsSha: string }> {
  return step(`CI: pipeline for app commit ${(await appRepo.headSha()).slice(0, 7)}`, async () => {
    const image = await buildAndImport(ci, appRepo);
    const gitopsSha = await commitImage(target, image);
    return { image, gitopsSha };
  });
}
