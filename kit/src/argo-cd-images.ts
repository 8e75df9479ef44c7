import { goModuleOf } from "../../helpers/install/pinned-manifests.ts";
import { KUSTOMIZE_MODULE } from "./go-programs.ts";
import type { KitInputs } from "./kit-inputs.ts";
import { buildableVersion } from "./kit-pins.ts";
import type { ImageRecipe } from "./recipes.ts";

// The images Argo CD's install manifest starts, under the names the manifest gives them.

/** Argo CD's own image: every Argo CD component, with the helm and kustomize its repo server runs. */
export function argoCdImage(name: string, inputs: KitInputs): ImageRecipe {
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

/** Redis, Argo CD's cache. */
export function redisImage(name: string): ImageRecipe {
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
