import { SettingError } from "./setting-error";

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

/**
 * Images a lab's own action names, under the course's words (T02's kubectl edit writes
 * `image: nginx:latest`, which the cluster resolves as docker.io/library/nginx:latest).
 * Where a registry answers the cluster pulls them as a learner's would; elsewhere the kit builds them.
 */
export const COURSE_ACTION_IMAGES = { nginx: "nginx:latest" } as const;

export const PIN_ENV = {
  k3sImage: "K3S_IMAGE",
  argoCdVersion: "ARGOCD_VERSION",
  rolloutsVersion: "ROLLOUTS_VERSION",
  appBaseImage: "APP_BASE_IMAGE",
} as const satisfies Record<keyof VersionPins, string>;

/**
 * A release tag as Argo CD and Argo Rollouts name theirs (v3.6.1, or a candidate such as v3.7.0-rc1).
 * Anything else is refused before it reaches a URL or a Go module path: `v3.6.1/../../other-repo`
 * would download another repository's manifest.
 */
export const RELEASE_VERSION = /^v\d+\.\d+\.\d+(-rc\d+)?$/;

type ReleasePin = "argoCdVersion" | "rolloutsVersion";

/** `version` when it is a release tag; otherwise a SettingError naming the variable it came from. */
export function releaseVersion(key: ReleasePin, version: string): string {
  if (RELEASE_VERSION.test(version)) return version;
  const variable = PIN_ENV[key];
  throw new SettingError(
    variable,
    `${variable}=${JSON.stringify(version)} is not a release version: it must be a tag of the form v1.2.3 (or v1.2.3-rc1), which names the install manifest to download.`,
    `Set it to a released tag, e.g. ${variable}=${DEFAULT_PINS[key]} (the pinned one), or unset it for the pin.`,
  );
}

/** The pin, or its override from the environment; an Argo version that is not a release tag throws a SettingError. */
export function resolvePin(key: keyof VersionPins, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[PIN_ENV[key]]?.trim() || DEFAULT_PINS[key];
  return key === "argoCdVersion" || key === "rolloutsVersion" ? releaseVersion(key, value) : value;
}

export function resolvePins(env: NodeJS.ProcessEnv = process.env): VersionPins {
  return {
    k3sImage: resolvePin("k3sImage", env),
    argoCdVersion: resolvePin("argoCdVersion", env),
    rolloutsVersion: resolvePin("rolloutsVersion", env),
    appBaseImage: resolvePin("appBaseImage", env),
  };
}

export function argoCdInstallUrl(version: string): string {
  // Checked here too: a version that did not come through resolvePins must not reach the URL either.
  return `https://raw.githubusercontent.com/argoproj/argo-cd/${releaseVersion("argoCdVersion", version)}/manifests/install.yaml`;
}

/**
 * The repository's manifests/install.yaml at the tag, not the release asset:
 * that is the file the pinned sha256 covers (helpers/install/pinned-manifests.ts).
 * It names the image `:latest`; helpers/install/patch-rollouts.ts pins the tag.
 */
export function rolloutsInstallUrl(version: string): string {
  return `https://raw.githubusercontent.com/argoproj/argo-rollouts/${releaseVersion("rolloutsVersion", version)}/manifests/install.yaml`;
}
