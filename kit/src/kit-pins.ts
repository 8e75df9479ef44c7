import { KIT_KUBERNETES_VERSION } from "../../helpers/project/versions.ts";

/**
 * Versions the kit pins beyond the suite's own (helpers/cluster/versions.ts).
 * No k3s release can be built from the module proxy (it refuses every
 * github.com/k3s-io module), so the kit's cluster is upstream Kubernetes at
 * the nearest served release to the k3s pin (v1.36.2+k3s1): see kit/README.md.
 */
export const KIT_PINS = {
  /** k8s.io/kubernetes: v1.36.2 is not served; v1.36.3 is the nearest newer patch. */
  kubernetes: KIT_KUBERNETES_VERSION,
  /** github.com/coredns/coredns at the version k3s v1.36.2+k3s1 deploys. */
  coreDns: "v1.14.4",
  /** The image names k3s's manifests and testcontainers use, so nothing is pulled. */
  coreDnsImage: "rancher/mirrored-coredns-coredns:1.14.4",
  pauseImage: "rancher/mirrored-pause:3.6",
  sshdImage: "testcontainers/sshd:1.4.0",
} as const;

/**
 * Versions an upstream release names that the module proxy cannot build, and
 * the nearest release that builds. Each is written into the image's labels
 * and differences, and listed in kit/README.md with the command that failed.
 */
export const BUILD_FALLBACKS: Record<string, { version: string; why: string }> = {
  "sigs.k8s.io/kustomize/kustomize/v5@v5.8.3": {
    version: "v5.8.2",
    why: "v5.8.3 needs k8s.io/kube-openapi@v0.0.0-20261001230523-97fa35140926, which the proxy refuses (403); v5.8.2 is the newest release that builds",
  },
};

/** The version to build for a module the upstream names, and why it differs when it does. */
export function buildableVersion(module: string, version: string): { version: string; why?: string } {
  return BUILD_FALLBACKS[`${module}@${version}`] ?? { version };
}
