import { createWriteStream, existsSync } from "node:fs";
import { mkdtemp, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { getContainerRuntimeClient } from "testcontainers";
import { fetchManifest } from "../install/fetch-manifest";
import { installInventory } from "../install/install-inventory";
import { parseManifestObjects } from "../install/manifest-stream";
import { patchArgoCdInstall } from "../install/patch-argocd";
import { patchRolloutsInstall } from "../install/patch-rollouts";
import { manifestSource } from "../install/pinned-manifests";
import { LAB_IMAGES_ENV } from "../preflight/run-path";
import { COURSE_ACTION_IMAGES, type VersionPins } from "../project/versions";
import { InfrastructureError } from "../report/infrastructure-error";

/** k3s imports every archive in this folder at start, before any pod needs an image. */
export const K3S_AIR_GAP_FOLDER = "/var/lib/rancher/k3s/agent/images";

/**
 * LAB_IMAGES: where the cluster's images come from when no registry can be
 * reached. A folder of `docker save` archives (what `npm run kit` writes, or
 * what someone saved on a connected machine), or `docker`: the images are
 * taken from this machine's Docker engine. Unset: k3s pulls as usual.
 */
export async function airGapArchives(
  images: readonly string[],
  /** Where archives saved from Docker go: the run's work folder, removed with it. */
  workDir: string = os.tmpdir(),
  env = process.env,
): Promise<string[]> {
  const setting = env[LAB_IMAGES_ENV]?.trim();
  if (!setting) return [];
  if (setting === "docker") return saveFromDocker(images, workDir);
  if (!existsSync(setting)) {
    throw new InfrastructureError(
      `${LAB_IMAGES_ENV}=${setting} is not a folder. Point it at a folder of image archives (docker save -o name.tar IMAGE, one per image; npm run kit writes one), or set ${LAB_IMAGES_ENV}=docker to take the images from this machine's Docker.`,
    );
  }
  const archives = (await readdir(setting))
    .filter((f) => f.endsWith(".tar"))
    .map((f) => path.join(setting, f));
  if (archives.length === 0) {
    throw new InfrastructureError(
      `${LAB_IMAGES_ENV}=${setting} holds no .tar archives. Save the images there first (docker save -o ${setting}/argocd.tar IMAGE).`,
    );
  }
  return archives;
}

async function saveFromDocker(images: readonly string[], workDir: string): Promise<string[]> {
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const missing: string[] = [];
  for (const image of images) {
    if (
      !(await docker
        .getImage(image)
        .inspect()
        .then(
          () => true,
          () => false,
        ))
    )
      missing.push(image);
  }
  if (missing.length > 0) {
    throw new InfrastructureError(
      `${LAB_IMAGES_ENV}=docker, but this machine's Docker lacks ${missing.join(", ")}. Build them (npm run kit) or load them (docker load -i ARCHIVE), then run again.`,
    );
  }
  const folder = await mkdtemp(path.join(workDir, "images-"));
  const files: string[] = [];
  for (const [index, image] of images.entries()) {
    const file = path.join(folder, `${index}.tar`);
    await pipeline(await docker.getImage(image).get(), createWriteStream(file));
    files.push(file);
  }
  return files;
}

/**
 * The images the suite's patched Argo CD and Rollouts installs start, plus what k3s itself starts for them,
 * plus what a lab's action names (T02's nginx:latest): without it, that lab's pod could only fail to pull.
 */
export async function clusterImages(pins: VersionPins): Promise<string[]> {
  const fetchText = async (component: "argo-cd" | "argo-rollouts", version: string) => {
    const source = manifestSource(component, version);
    return (await fetchManifest(source.url, source.sha256, { goModule: source.goModule })).text;
  };
  const argoCd = patchArgoCdInstall(await fetchText("argo-cd", pins.argoCdVersion)).yaml;
  const rollouts = patchRolloutsInstall(
    await fetchText("argo-rollouts", pins.rolloutsVersion),
    pins.rolloutsVersion,
  ).yaml;
  return [
    ...installInventory(parseManifestObjects(argoCd), "argocd").images,
    ...installInventory(parseManifestObjects(rollouts), "argo-rollouts").images,
    ...K3S_OWN_IMAGES,
    ...Object.values(COURSE_ACTION_IMAGES),
  ];
}

/** What k3s starts with the suite's command (rancher/k3s scripts/airgap/image-list.txt at the pin). */
export const K3S_OWN_IMAGES = ["rancher/mirrored-pause:3.6", "rancher/mirrored-coredns-coredns:1.14.4"];
