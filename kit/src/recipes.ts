/**
 * What the kit builds: every image a lab run starts, each from Go modules at
 * pinned versions and a root filesystem of Debian's packages. Image names are
 * the ones the pinned manifests and the suite use, so nothing is pulled.
 */
import type { GoRequire, Replace } from "./go-wrapper.ts";

export interface GoProgram {
  /** The wrapper module's name and the built file's name. */
  id: string;
  /** The upstream module whose go.mod (replace lines, go line) the wrapper follows. */
  upstream: GoRequire;
  /** Packages to build into one binary: an upstream main package, or "." for the kit's own main (ownMain). */
  mainPackage: string;
  /** A folder of this repository holding the wrapper's own main package (kube-node's multi-call main). */
  ownMain?: string;
  /**
   * Files laid over a folder of the upstream module for this build only (go build -overlay),
   * e.g. Argo CD's built UI over the placeholder in ui/dist/app, which go:embed then takes in.
   */
  overlay?: { moduleFolder: string; from: string };
  requires?: GoRequire[];
  /** What a local-path replace becomes (undefined: dropped, the module is required instead). */
  localPath?: (replace: Replace) => string | undefined;
  tags?: string[];
  ldflags: string[];
}

/** A file placed in the image: from this repository, from a Go module's files, or a built program. */
export type ImageFile =
  | { kind: "repo"; from: string; to: string; mode?: number }
  | { kind: "module"; module: GoRequire; from: string; to: string; mode?: number }
  | { kind: "program"; program: string; to: string; links?: string[] }
  | { kind: "text"; text: string; to: string }
  | { kind: "npm-node"; version: string; to: string };

export interface ImageConfig {
  entrypoint?: string[];
  cmd?: string[];
  user?: string;
  workdir?: string;
  env?: Record<string, string>;
  volumes?: string[];
}

export interface ImageRecipe {
  /** The image reference it is tagged with (the name manifests and the suite use). */
  name: string;
  /** What it is, in a few words, for progress lines and the doctor. */
  component: string;
  /** Where its programs come from, for the image's labels ("k8s.io/kubernetes@v1.36.3"). */
  source: string;
  debianPackages: string[];
  /** Accounts the image's processes run as (uid = gid). */
  users?: { name: string; uid: number; home: string }[];
  /** Folders made in the image, owned by the given uid. */
  folders?: { path: string; uid: number; mode?: number }[];
  files: ImageFile[];
  config: ImageConfig;
  /** How this image differs from upstream's, for the kit's README and the doctor. */
  differences: string[];
}

export const DEBIAN_SUITE = "bookworm";
