/**
 * Which road `npm test` takes with nothing set. Upstream's k3s image when it is here or its
 * registry answers; else, where the offline kit was built, the kit's node in k3s's place with the
 * kit's images in k3s's air-gap folder; else nothing can start, and the fix is to build the kit.
 * The doctor, the console and the report name the road taken, so the kit node is never taken for k3s.
 */
import path from "node:path";
import { kitCacheDir } from "../project/paths";
import { DEFAULT_PINS, KIT_KUBERNETES_VERSION, KIT_NODE_IMAGE, PIN_ENV } from "../project/versions";
import { type ClusterMode, LAB_CLUSTER_ENV } from "./cluster-mode";

export const LAB_IMAGES_ENV = "LAB_IMAGES";
export const RYUK_DISABLED_ENV = "TESTCONTAINERS_RYUK_DISABLED";
/** LAB_KIT=0: never build the kit on the way to the labs; say what is missing instead. */
export const LAB_KIT_ENV = "LAB_KIT";

export type RunPath =
  | { kind: "existing" }
  /** Upstream's rancher/k3s (or the image K3S_IMAGE names), present or pulled. */
  | { kind: "k3s"; k3sImage: string; pull: boolean }
  /** The kit's node in k3s's place, with the kit's images preloaded through k3s's air-gap folder. */
  | { kind: "kit-node"; k3sImage: string; airGapFolder: string; chosen: "automatically" | "K3S_IMAGE" }
  /** No k3s image here, no registry to pull one from, and no kit built. */
  | { kind: "no-images"; k3sImage: string; why: string };

export interface RunPathFacts {
  mode: ClusterMode;
  env: NodeJS.ProcessEnv;
  hasImage: (image: string) => Promise<boolean>;
  /** Undefined when the image's registry answers, else why not. */
  registryProblem: (image: string) => Promise<string | undefined>;
}

/**
 * Docker pulls through its own registry mirrors or proxy, which this process's fetch does not use: where
 * the daemon has either, its registries are taken to answer (pulling tells for sure).
 */
export function daemonPullsThroughItsOwnRoute(info: {
  RegistryConfig?: { Mirrors?: string[] | null };
  HttpProxy?: string;
  HttpsProxy?: string;
}): boolean {
  return (info.RegistryConfig?.Mirrors?.length ?? 0) > 0 || Boolean(info.HttpProxy || info.HttpsProxy);
}

export const kitAirGapFolder = (env: NodeJS.ProcessEnv = process.env) =>
  path.join(kitCacheDir(env), "images");

export async function chooseRunPath(facts: RunPathFacts): Promise<RunPath> {
  const { env } = facts;
  if (facts.mode === "existing") return { kind: "existing" };
  const named = env[PIN_ENV.k3sImage]?.trim();
  if (named === KIT_NODE_IMAGE) {
    if (!(await facts.hasImage(named)))
      return { kind: "no-images", k3sImage: named, why: `K3S_IMAGE names ${named}, which is not built here` };
    return {
      kind: "kit-node",
      k3sImage: named,
      airGapFolder: env[LAB_IMAGES_ENV]?.trim() || kitAirGapFolder(env),
      chosen: "K3S_IMAGE",
    };
  }
  if (named) return { kind: "k3s", k3sImage: named, pull: !(await facts.hasImage(named)) };
  const pinned = DEFAULT_PINS.k3sImage;
  if (await facts.hasImage(pinned)) return { kind: "k3s", k3sImage: pinned, pull: false };
  const problem = await facts.registryProblem(pinned);
  if (problem === undefined) return { kind: "k3s", k3sImage: pinned, pull: true };
  if (await facts.hasImage(KIT_NODE_IMAGE)) {
    return {
      kind: "kit-node",
      k3sImage: KIT_NODE_IMAGE,
      airGapFolder: env[LAB_IMAGES_ENV]?.trim() || kitAirGapFolder(env),
      chosen: "automatically",
    };
  }
  return {
    kind: "no-images",
    k3sImage: pinned,
    why: `${pinned} is not here and cannot be pulled (${problem})`,
  };
}

/**
 * What the road sets for the rest of the run (testcontainers and the suite read process.env). Ryuk is
 * testcontainers' reaper: the kit cannot build it, so on the kit's road it is off when it is not here,
 * and the suite removes what the run created itself.
 */
export function runPathEnv(runPath: RunPath, ryukImagePresent: boolean): Record<string, string> {
  if (runPath.kind !== "kit-node") return {};
  return {
    [PIN_ENV.k3sImage]: runPath.k3sImage,
    [LAB_IMAGES_ENV]: runPath.airGapFolder,
    ...(ryukImagePresent ? {} : { [RYUK_DISABLED_ENV]: "true" }),
  };
}

/** One line for the doctor, the console and the report: which cluster, and whose images. */
export function describeRunPath(runPath: RunPath): string {
  switch (runPath.kind) {
    case "existing":
      return `cluster: the current KUBECONFIG context (${LAB_CLUSTER_ENV}=existing); images: whatever that cluster runs`;
    case "k3s":
      return `cluster: k3s (${runPath.k3sImage}) in Docker, started by testcontainers; images: upstream's${runPath.pull ? ", pulled from their registries" : ""}`;
    case "kit-node":
      return (
        `cluster: kit node, upstream Kubernetes ${KIT_KUBERNETES_VERSION} behind k3s's container interface (not k3s), ` +
        `started by testcontainers' k3s module${runPath.chosen === "automatically" ? " because no k3s image is here and no registry answers" : " (K3S_IMAGE)"}; ` +
        `images: the offline kit's, built here from Go modules and Debian packages (kit/README.md lists how they differ from upstream's), preloaded from ${runPath.airGapFolder}`
      );
    case "no-images":
      return `cluster: none can start: ${runPath.why}, and no offline kit is built here`;
  }
}
