/**
 * Versions the kit pins beyond the suite's own (helpers/cluster/versions.ts).
 * No k3s release can be built from the module proxy (it refuses every
 * github.com/k3s-io module), so the kit's cluster is upstream Kubernetes at
 * the nearest served release to the k3s pin (v1.36.2+k3s1): see kit/README.md.
 */
export const KIT_PINS = {
  /** k8s.io/kubernetes: v1.36.2 is not served; v1.36.3 is the nearest newer patch. */
  kubernetes: "v1.36.3",
  /** github.com/coredns/coredns at the version k3s v1.36.2+k3s1 deploys. */
  coreDns: "v1.14.4",
  /** The image names k3s's manifests and testcontainers use, so nothing is pulled. */
  coreDnsImage: "rancher/mirrored-coredns-coredns:1.14.4",
  pauseImage: "rancher/mirrored-pause:3.6",
  sshdImage: "testcontainers/sshd:1.4.0",
} as const;

export const KIT_NODE_IMAGE = `gitops-conformance/kit-node:${KIT_PINS.kubernetes}`;
