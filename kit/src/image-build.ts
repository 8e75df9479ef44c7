import { createHash } from "node:crypto";
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { PROJECT_ROOT } from "../../helpers/project/paths.ts";
import { type BuiltProgram, moduleFile, stageProgram } from "./go-build.ts";
import { kitLabels } from "./labels.ts";
import { stageNpmNode } from "./npm-node.ts";
import { DEBIAN_SUITE, type ImageFile, type ImageRecipe } from "./recipes.ts";
import { run, runOrThrow } from "./run.ts";

/** Bump when the way images are assembled changes, so every image is rebuilt once. */
const IMAGE_FORMAT = "kit-image-1";

/** The apt sources the root filesystems come from: this machine's own, so the kit names no mirror. */
export const APT_SOURCES = "/etc/apt/sources.list.d/debian.sources";

async function fileBytes(file: ImageFile): Promise<Buffer | undefined> {
  switch (file.kind) {
    case "repo":
      return readFile(path.join(PROJECT_ROOT, file.from));
    case "module":
      return moduleFile(file.module.module, file.module.version, file.from);
    case "text":
      return Buffer.from(file.text);
    default:
      return undefined;
  }
}

/**
 * The image's cache key: its recipe, the bytes of every file it takes, and
 * the keys of the programs in it. The same key means the same image, so a
 * second `npm run kit` skips it; a changed pin changes only the keys it reaches.
 */
export async function imageKey(
  recipe: ImageRecipe,
  programs: ReadonlyMap<string, BuiltProgram>,
): Promise<string> {
  const hash = createHash("sha256").update(JSON.stringify({ recipe, suite: DEBIAN_SUITE }));
  for (const file of recipe.files) {
    const bytes = await fileBytes(file);
    if (bytes) hash.update(file.to).update(bytes);
    if (file.kind === "program") hash.update(programs.get(file.program)?.key ?? "missing");
  }
  hash.update(IMAGE_FORMAT);
  return hash.digest("hex").slice(0, 16);
}

/** The key an existing image carries, or undefined when there is no such image (or it is not the kit's). */
export async function existingImageKey(name: string): Promise<string | undefined> {
  const inspect = await run(["docker", "image", "inspect", "--format", "{{json .Config.Labels}}", name]);
  if (inspect.code !== 0) return undefined;
  const labels = JSON.parse(inspect.stdout || "null") as Record<string, string> | null;
  return labels?.["org.gitops-conformance.kit.key"];
}

async function stageFiles(recipe: ImageRecipe, staging: string, programs: ReadonlyMap<string, BuiltProgram>) {
  for (const file of recipe.files) {
    const target = path.join(staging, file.to);
    await mkdir(path.dirname(target), { recursive: true });
    if (file.kind === "program") {
      const built = programs.get(file.program);
      if (!built) throw new Error(`${recipe.name} needs the program ${file.program}, which was not built`);
      await stageProgram(built, target);
      for (const link of file.links ?? []) {
        await mkdir(path.dirname(path.join(staging, link)), { recursive: true });
        await symlink(path.relative(path.dirname(link), file.to), path.join(staging, link));
      }
    } else if (file.kind === "npm-node") {
      await stageNpmNode(file.version, target);
    } else {
      await writeFile(target, (await fileBytes(file)) as Buffer);
      if ("mode" in file && file.mode !== undefined) await chmod(target, file.mode);
    }
  }
}

/** Shell run by mmdebstrap in the finished tree ("$1"): accounts and folders. */
function customizeScript(recipe: ImageRecipe): string {
  const lines: string[] = [];
  for (const user of recipe.users ?? []) {
    lines.push(
      `echo '${user.name}:x:${user.uid}:${user.uid}::${user.home}:/bin/sh' >> "$1/etc/passwd"`,
      `echo '${user.name}:x:${user.uid}:' >> "$1/etc/group"`,
      `mkdir -p "$1${user.home}" && chown ${user.uid}:${user.uid} "$1${user.home}"`,
    );
  }
  for (const folder of recipe.folders ?? []) {
    lines.push(`mkdir -p "$1${folder.path}" && chown ${folder.uid} "$1${folder.path}"`);
    if (folder.mode !== undefined) lines.push(`chmod ${folder.mode.toString(8)} "$1${folder.path}"`);
  }
  return lines.join(" && ") || "true";
}

/** `docker import --change` lines for the recipe's config and the kit's labels. */
export function importChanges(recipe: ImageRecipe, labels: Record<string, string>): string[] {
  const c = recipe.config;
  const changes: string[] = [];
  if (c.entrypoint) changes.push(`ENTRYPOINT ${JSON.stringify(c.entrypoint)}`);
  if (c.cmd) changes.push(`CMD ${JSON.stringify(c.cmd)}`);
  if (c.user) changes.push(`USER ${c.user}`);
  if (c.workdir) changes.push(`WORKDIR ${c.workdir}`);
  for (const [k, v] of Object.entries(c.env ?? {})) changes.push(`ENV ${k}=${v}`);
  if (c.volumes?.length) changes.push(`VOLUME ${JSON.stringify(c.volumes)}`);
  for (const [k, v] of Object.entries(labels)) changes.push(`LABEL ${k}=${JSON.stringify(v)}`);
  return changes;
}

/** Debian package versions in a root filesystem tar, for the image's labels. */
async function packageVersions(rootfsTar: string, wanted: readonly string[]): Promise<string[]> {
  const status = await run(["tar", "-xOf", rootfsTar, "./var/lib/dpkg/status"]);
  const versions = new Map<string, string>();
  for (const block of status.stdout.split("\n\n")) {
    const name = block.match(/^Package: (.+)$/m)?.[1];
    const version = block.match(/^Version: (.+)$/m)?.[1];
    if (name && version) versions.set(name, version);
  }
  return wanted.map((p) => `${p}=${versions.get(p) ?? "?"}`);
}

/**
 * Builds one image: a root filesystem of Debian's packages (mmdebstrap) with
 * the staged files synced in, imported into Docker with its config and labels.
 */
export async function buildImage(
  recipe: ImageRecipe,
  key: string,
  programs: ReadonlyMap<string, BuiltProgram>,
  workDir: string,
  progress: (step: string) => void,
): Promise<void> {
  const dir = await mkdtemp(path.join(workDir, "image-"));
  try {
    const staging = path.join(dir, "staging");
    await mkdir(staging, { recursive: true });
    progress("staging programs and files");
    await stageFiles(recipe, staging, programs);
    const rootfs = path.join(dir, "rootfs.tar");
    progress(`root filesystem from Debian's packages (${recipe.debianPackages.join(", ")})`);
    await runOrThrow([
      "mmdebstrap",
      "--quiet",
      "--variant=essential",
      `--include=${recipe.debianPackages.join(",")}`,
      // Documentation is no use in an image; leaving it out saves a third of some of them.
      "--dpkgopt=path-exclude=/usr/share/doc/*",
      "--dpkgopt=path-exclude=/usr/share/man/*",
      `--customize-hook=sync-in ${staging} /`,
      `--customize-hook=${customizeScript(recipe)}`,
      DEBIAN_SUITE,
      rootfs,
      APT_SOURCES,
    ]);
    const labels = kitLabels(recipe, key, await packageVersions(rootfs, recipe.debianPackages));
    progress("docker import");
    await runOrThrow([
      "docker",
      "import",
      ...importChanges(recipe, labels).flatMap((c) => ["--change", c]),
      rootfs,
      recipe.name,
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
