import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ContainerRuntimeClient } from "testcontainers";
import { kitCacheDir } from "../project/paths";
import { type CheckResult, ok, warn } from "./check-result";

export const KIT_IMAGES_CHECK = "Kit images";

/** What `npm run kit` built, written where the doctor finds it: kit/README.md explains the kit. */
export interface KitImageRecord {
  name: string;
  key: string;
  component: string;
}

export const kitImagesFile = (env: NodeJS.ProcessEnv = process.env) =>
  path.join(kitCacheDir(env), "images.json");

/** The kit key an image in Docker carries, or undefined when Docker has no such image. */
export type ImageKeyOf = (image: string) => Promise<string | undefined>;

/** Reads the key through testcontainers' client, so from the Docker the rest of the preflight checked. */
export function dockerImageKey(client: ContainerRuntimeClient): ImageKeyOf {
  return async (image) => {
    try {
      const inspected = await client.container.dockerode.getImage(image).inspect();
      return inspected.Config?.Labels?.["org.gitops-conformance.kit.key"] ?? "";
    } catch {
      return undefined;
    }
  };
}

/**
 * Whether the images of the last `npm run kit` are all in Docker as it built
 * them. Without a kit, images come from registries and this says so.
 */
export async function checkKitImages(
  records: KitImageRecord[] | undefined,
  /** Undefined when Docker is not reachable. */
  keyOf: ImageKeyOf | undefined,
): Promise<CheckResult> {
  if (!records) {
    return ok(
      KIT_IMAGES_CHECK,
      "no offline image kit built here: images come from their registries (npm run kit builds them where none can be reached)",
    );
  }
  if (!keyOf) return warn(KIT_IMAGES_CHECK, "Not checked, because Docker is not reachable.");
  const keys = await Promise.all(records.map((r) => keyOf(r.name)));
  const missing = records.filter((_, i) => keys[i] === undefined);
  const stale = records.filter((r, i) => keys[i] !== undefined && keys[i] !== r.key);
  if (missing.length === 0 && stale.length === 0) {
    return ok(
      KIT_IMAGES_CHECK,
      `kit images in use, built here from Go modules and Debian packages: ${records.map((r) => r.name).join(", ")}`,
    );
  }
  const problems = [
    missing.length > 0 ? `missing from Docker: ${missing.map((r) => r.name).join(", ")}` : "",
    stale.length > 0
      ? `not the ones the kit built (replaced since): ${stale.map((r) => r.name).join(", ")}`
      : "",
  ].filter(Boolean);
  return warn(
    KIT_IMAGES_CHECK,
    `Images of the offline kit are ${problems.join("; ")}.`,
    "Run npm run kit, which rebuilds only what is missing.",
  );
}

export async function readKitImageRecords(
  env: NodeJS.ProcessEnv = process.env,
): Promise<KitImageRecord[] | undefined> {
  try {
    return JSON.parse(await readFile(kitImagesFile(env), "utf8")) as KitImageRecord[];
  } catch {
    return undefined;
  }
}
