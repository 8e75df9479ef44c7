import { existsSync } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { runOrThrow } from "./run.ts";

/** A file name for an image reference: quay.io/argoproj/argocd:v3.6.1 → quay.io_argoproj_argocd_v3.6.1. */
export function archiveName(image: string, key: string): string {
  return `${image.replaceAll(/[/:@]/g, "_")}-${key}.tar`;
}

/**
 * Saves images into the air-gap folder (`docker save`, one archive each),
 * named by their kit key so an unchanged image is not saved again. Archives
 * of an image's older keys are removed.
 */
export async function saveArchives(
  folder: string,
  images: readonly { name: string; key: string }[],
  progress: (step: string) => void,
): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const wanted = new Set(images.map((i) => archiveName(i.name, i.key)));
  for (const file of await readdir(folder)) {
    if (file.endsWith(".tar") && !wanted.has(file)) await rm(path.join(folder, file), { force: true });
  }
  const files: string[] = [];
  for (const image of images) {
    const file = path.join(folder, archiveName(image.name, image.key));
    if (!existsSync(file)) {
      progress(`docker save ${image.name}`);
      await runOrThrow(["docker", "save", "-o", `${file}.partial`, image.name]);
      await rename(`${file}.partial`, file);
    }
    files.push(file);
  }
  return files;
}
