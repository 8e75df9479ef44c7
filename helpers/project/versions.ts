/**
 * Every pinned upstream version in one place. Each can be overridden from the
 * environment, so the nightly matrix can try the newest Argo releases.
 */
export interface VersionPins {
  /** rancher/k3s image tag (the one testcontainers-node's k3s module pins). */
  k3sImage: string;
  /** Argo CD release tag; its manifests/install.yaml is applied server-side. */
  argoCdVersion: string;
  /** Argo Rollouts release tag; its repository manifests/install.yaml at the tag is applied, image pinned to the tag. */
  rolloutsVersion: string;
  /** Base image of the course app's Dockerfile, for CI's builds. */
  appBaseImage: string;
}

export const DEFAULT_PINS: VersionPins = {
  k3sImage: "rancher/k3s:v1.36.2-k3s1",
  argoCdVersion: "v3.6.1",
  rolloutsVersion: "v1.9.1",
  appBaseImage: "node:24-alpine",
};

/**
 * The offline kit's node (kit/README.md): upstream Kubernetes at the nearest served release to the k3s
 * pin, behind k3s's container interface. Not k3s: it stands in for rancher/k3s where no registry answers.
 */
export const KIT_KUBERNETES_VERSION = "v1.36.3";
export const KIT_NODE_IMAGE = `gitops-conformance/kit-node:${KIT_KUBERNETES_VERSION}`;

export const PIN_ENV = {
  k3sImage: "K3S_IMAGE",
  argoCdVersion: "ARGOCD_VERSION",
  rolloutsVersion: "ROLLOUTS_VERSION",
  appBaseImage: "APP_BASE_IMAGE",
} as const satisfies Record<keyof VersionPins, string>;

export function resolvePins(env: NodeJS.ProcessEnv = process.env): VersionPins {
  const pick = (key: keyof VersionPins) => env[PIN_ENV[key]]?.trim() || DEFAULT_PINS[key];
  return {
    k3sImage: pick("k3sImage"),
    argoCdVersion: pick("argoCdVersion"),
    rolloutsVersion: pick("rolloutsVersion"),
    appBaseImage: pick("appBaseImage"),
  };
}

export function argoCdInstallUrl(version: string): string {
  return `https://raw.githubusercontent.com/argoproj/argo-cd/${version}/manifests/install.yaml`;
}

/**
 * The repository's manifests/install.yaml at the tag, not the release asset:
 * that is the file the pinned sha256 covers (helpers/install/pinned-manifests.ts).
 * It names the image `:latest`; helpers/install/patch-rollouts.ts pins the tag.
 */
export function rolloutsInstallUrl(version: string): string {
  return `https://raw.githubusercontent.com/argoproj/argo-rollouts/${version}/manifests/install.yaml`;
}
