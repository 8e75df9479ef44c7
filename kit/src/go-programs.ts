import { goModuleOf } from "../../helpers/install/pinned-manifests.ts";
import { argoVersionFlags } from "./build-info.ts";
import { stagingVersion } from "./go-wrapper.ts";
import type { KitInputs } from "./kit-inputs.ts";
import { buildableVersion, KIT_PINS } from "./kit-pins.ts";
import type { GoProgram } from "./recipes.ts";

export const KUSTOMIZE_MODULE = "sigs.k8s.io/kustomize/kustomize/v5";

/** The Go programs the kit's images carry, each built from its upstream module at the pinned version. */
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
      ldflags: argoVersionFlags(`${ARGO_CD_MODULE}/common`, inputs.origins.argoCd, true),
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
      ldflags: argoVersionFlags(
        "github.com/argoproj/argo-rollouts/utils/version",
        inputs.origins.rollouts,
        false,
      ),
    },
    {
      id: "coredns",
      upstream: { module: "github.com/coredns/coredns", version: KIT_PINS.coreDns },
      mainPackage: "github.com/coredns/coredns",
      ldflags: [],
    },
  ];
}
