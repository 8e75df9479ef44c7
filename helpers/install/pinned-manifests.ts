import { argoCdInstallUrl, DEFAULT_PINS, rolloutsInstallUrl } from "../project/versions";
import type { GoModuleRef } from "./go-module-file";

/**
 * sha256 sums of the install manifests at the pinned versions, so a download
 * that changed (a re-tag upstream, a proxy rewriting it) fails loudly instead
 * of installing something else. A version from the env matrix (ARGOCD_VERSION,
 * ROLLOUTS_VERSION) other than the pin has no sum: it is downloaded unverified.
 *
 * Rollouts: the suite downloads the repository's manifests/install.yaml at the
 * tag, not the release asset. That is the file the sum (and the shared copy
 * used by the self-tests) covers; it names the image `:latest`, so
 * patch-rollouts.ts pins the image tag itself.
 */
export type Component = "argo-cd" | "argo-rollouts";

export interface PinnedManifest {
  component: Component;
  version: string;
  url: string;
  sha256: string;
  /** The unmodified copy under ../shared/upstream that self-tests check against this sum. */
  sharedCopy: readonly string[];
}

export const PINNED_MANIFESTS: readonly PinnedManifest[] = [
  {
    component: "argo-cd",
    version: DEFAULT_PINS.argoCdVersion,
    url: argoCdInstallUrl(DEFAULT_PINS.argoCdVersion),
    sha256: "7be23ca7d9ca3d3074dee8332f1ca92a933b990cee7c9cf22cf3843ee8c2913e",
    sharedCopy: ["upstream", `argo-cd-${DEFAULT_PINS.argoCdVersion}`, "install.yaml"],
  },
  {
    component: "argo-rollouts",
    version: DEFAULT_PINS.rolloutsVersion,
    url: rolloutsInstallUrl(DEFAULT_PINS.rolloutsVersion),
    sha256: "2701f5ff276e2a41b41d4d7cf8beeb7a62c6c850a34b71f031a29bbb656d543b",
    sharedCopy: ["upstream", `argo-rollouts-${DEFAULT_PINS.rolloutsVersion}`, "install.yaml"],
  },
];

export interface ManifestSource {
  url: string;
  /** The same file in the release's Go module, as the module proxy serves it: a run needs no GitHub. */
  goModule: GoModuleRef & { file: string };
  /** Undefined when this version is not pinned: nothing to verify against. */
  sha256: string | undefined;
}

/** Where to download a component's install manifest for `version`, and its sum when pinned. */
export function manifestSource(component: Component, version: string): ManifestSource {
  const url = component === "argo-cd" ? argoCdInstallUrl(version) : rolloutsInstallUrl(version);
  const pinned = PINNED_MANIFESTS.find((m) => m.component === component && m.version === version);
  return {
    url,
    goModule: { ...goModuleOf(component, version), file: "manifests/install.yaml" },
    sha256: pinned?.sha256,
  };
}

/** The Go module a release tag belongs to: Argo CD's path carries its major version from v2 on. */
export function goModuleOf(component: Component, version: string): GoModuleRef {
  if (component === "argo-rollouts") return { module: "github.com/argoproj/argo-rollouts", version };
  const major = Number.parseInt(version.replace(/^v/, ""), 10);
  return { module: `github.com/argoproj/argo-cd${major >= 2 ? `/v${major}` : ""}`, version };
}
