import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { installInventory } from "../../helpers/install/install-inventory.ts";
import { parseManifestObjects } from "../../helpers/install/manifest-stream.ts";
import { patchArgoCdInstall } from "../../helpers/install/patch-argocd.ts";
import { rolloutsImage } from "../../helpers/install/patch-rollouts.ts";
import { goModuleOf, PINNED_MANIFESTS } from "../../helpers/install/pinned-manifests.ts";
import { PROJECT_ROOT } from "../../helpers/project/paths.ts";
import { resolvePins, type VersionPins } from "../../helpers/project/versions.ts";
import { type ModuleOrigin, moduleOrigin } from "./build-info.ts";
import { downloadModule, moduleFile } from "./go-build.ts";
import { KIT_PINS } from "./kit-pins.ts";

/** What the kit's recipes are derived from: pinned versions, and what their upstream files say. */
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
  /** What the module proxy says of the Argo CD and Rollouts versions, for their version flags. */
  origins: { argoCd: ModuleOrigin; rollouts: ModuleOrigin };
}

/** `NAME=1.2.3` lines of Argo CD's hack/tool-versions.sh, as Go module versions ("v1.2.3"). */
export function toolVersions(script: string): { helm: string; kustomize: string } {
  const read = (name: string) => {
    const value = script.match(new RegExp(`^${name}=(\\S+)`, "m"))?.[1];
    if (!value) throw new Error(`hack/tool-versions.sh names no ${name}`);
    return value.startsWith("v") ? value : `v${value}`;
  };
  return { helm: read("HELM_VERSION"), kustomize: read("KUSTOMIZE_VERSION") };
}

/** The version a go.mod requires of a module. */
export function requiredVersion(goMod: string, module: string): string {
  const version = goMod.match(
    new RegExp(`^\\s*(?:require\\s+)?${module.replaceAll(".", "\\.")}\\s+(\\S+)`, "m"),
  )?.[1];
  if (!version) throw new Error(`go.mod requires no ${module}`);
  return version;
}

/** The images Argo CD's install manifest starts once the suite has patched it, from the pinned module's copy. */
export function argoCdImages(installYaml: string): string[] {
  const patched = patchArgoCdInstall(installYaml).yaml;
  return installInventory(parseManifestObjects(patched), "argocd").images;
}

/** The install manifest at `version` from the Go module, checked against its pinned sum when it has one. */
export async function pinnedModuleManifest(
  component: "argo-cd" | "argo-rollouts",
  version: string,
): Promise<{ text: string; verified: boolean }> {
  const { module } = goModuleOf(component, version);
  const bytes = await moduleFile(module, version, "manifests/install.yaml");
  const pinned = PINNED_MANIFESTS.find((m) => m.component === component && m.version === version);
  const actual = createHash("sha256").update(bytes).digest("hex");
  if (pinned && pinned.sha256 !== actual) {
    throw new Error(
      `${module}@${version}'s manifests/install.yaml has sha256 ${actual}, not the pinned ${pinned.sha256}. Check helpers/install/pinned-manifests.ts.`,
    );
  }
  return { text: bytes.toString("utf8"), verified: pinned !== undefined };
}

async function lockedNodeVersion(): Promise<string> {
  const lock = JSON.parse(await readFile(path.join(PROJECT_ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string }>;
  };
  const version = lock.packages["node_modules/node"]?.version;
  if (!version) throw new Error("package-lock.json pins no node package");
  return version;
}

export async function loadKitInputs(pins: VersionPins = resolvePins()): Promise<KitInputs> {
  const argoCdModule = goModuleOf("argo-cd", pins.argoCdVersion).module;
  const [argoCdManifest, tools, kubernetes, nodeVersion, argoCdOrigin, rolloutsOrigin] = await Promise.all([
    pinnedModuleManifest("argo-cd", pins.argoCdVersion),
    moduleFile(argoCdModule, pins.argoCdVersion, "hack/tool-versions.sh"),
    downloadModule("k8s.io/kubernetes", KIT_PINS.kubernetes),
    lockedNodeVersion(),
    moduleOrigin(argoCdModule, pins.argoCdVersion),
    moduleOrigin(goModuleOf("argo-rollouts", pins.rolloutsVersion).module, pins.rolloutsVersion),
  ]);
  return {
    argoCdVersion: pins.argoCdVersion,
    rolloutsVersion: pins.rolloutsVersion,
    appBaseImage: pins.appBaseImage,
    argoCdManifestImages: argoCdImages(argoCdManifest.text),
    rolloutsImage: rolloutsImage(pins.rolloutsVersion),
    argoCdTools: toolVersions(tools.toString("utf8")),
    etcdVersion: requiredVersion(
      await readFile(kubernetes.GoMod as string, "utf8"),
      "go.etcd.io/etcd/server/v3",
    ),
    nodeVersion,
    origins: { argoCd: argoCdOrigin, rollouts: rolloutsOrigin },
    ...(process.env.KIT_ARGOCD_UI?.trim()
      ? { argoCdUi: path.resolve(process.env.KIT_ARGOCD_UI.trim()) }
      : {}),
  };
}
