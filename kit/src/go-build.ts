import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, copyFile, cp, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { downloadGoModule, type GoModuleInfo, goModuleFile } from "../../helpers/install/go-module-file.ts";
import { PROJECT_ROOT } from "../../helpers/project/paths.ts";
import { wrapperGoMod } from "./go-wrapper.ts";
import type { GoProgram } from "./recipes.ts";
import { runOrThrow } from "./run.ts";

/** Go builds here: no cgo (static binaries, like upstream's images), a newer toolchain fetched through the proxy when a module needs one. */
export const GO_ENV = { CGO_ENABLED: "0", GOTOOLCHAIN: "auto", GOFLAGS: "-mod=mod" } as const;

/** go build's -ldflags value: no symbol table or DWARF (smaller binaries), then the program's own flags. */
export function linkerFlags(ldflags: readonly string[]): string {
  return ["-s", "-w", ...ldflags].join(" ");
}

/** `go mod download -json module@version`, with the kit's wording when the proxy refuses it. */
export async function downloadModule(
  module: string,
  version: string,
  withSource = false,
): Promise<GoModuleInfo> {
  return downloadGoModule({ module, version }, { withSource }).catch((error: Error) => {
    throw new Error(
      `${error.message}. The kit builds every program from the module proxy; kit/README.md lists the versions that can be built here.`,
    );
  });
}

/** A file of a module at a version, as the proxy serves it (install manifests, hack/ scripts). */
export function moduleFile(module: string, version: string, file: string): Promise<Buffer> {
  return goModuleFile({ module, version }, file);
}

async function ownMainFiles(program: GoProgram): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  if (!program.ownMain) return files;
  const dir = path.join(PROJECT_ROOT, program.ownMain);
  for (const name of (await readdir(dir)).filter((n) => n.endsWith(".go")).sort()) {
    files.set(name, await readFile(path.join(dir, name)));
  }
  return files;
}

function toolsFile(program: GoProgram): string {
  return `//go:build tools\n\n// Keeps the program's package in the module graph for go mod tidy.\npackage tools\n\nimport _ "${program.mainPackage}"\n`;
}

/** Everything that decides a program's bytes: versions, flags, the wrapper's go.mod and the kit's own main. */
export function programKey(
  program: GoProgram,
  goMod: string,
  ownMain: Map<string, Buffer>,
  overlayFiles: Map<string, Buffer> = new Map(),
): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify({ ...program, localPath: undefined, goEnv: GO_ENV, goMod }));
  for (const [name, bytes] of ownMain) hash.update(name).update(bytes);
  for (const [name, bytes] of overlayFiles) hash.update(`overlay:${name}`).update(bytes);
  return hash.digest("hex").slice(0, 16);
}

/** Every file under `dir`, by its path relative to it, sorted. */
async function filesUnder(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of (await readdir(dir, { recursive: true, withFileTypes: true })).sort((a, b) =>
    path.join(a.parentPath, a.name).localeCompare(path.join(b.parentPath, b.name)),
  )) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file), await readFile(file));
  }
  return files;
}

export interface ProgramPlan {
  program: GoProgram;
  goMod: string;
  ownMain: Map<string, Buffer>;
  overlayFiles: Map<string, Buffer>;
  key: string;
  /** Where the binary is (or will be) in the cache, named by its key. */
  file: string;
}

export interface BuiltProgram {
  id: string;
  file: string;
  key: string;
  /** False when an earlier build with the same key was reused. */
  built: boolean;
  seconds: number;
}

/** The wrapper's go.mod and the program's key, without building anything. */
export async function planProgram(program: GoProgram, cacheDir: string): Promise<ProgramPlan> {
  const upstream = await downloadModule(program.upstream.module, program.upstream.version);
  const goMod = wrapperGoMod({
    name: program.id,
    upstream: { ...program.upstream, goMod: await readFile(upstream.GoMod as string, "utf8") },
    requires: program.requires,
    localPath: program.localPath ?? (() => undefined),
  });
  const ownMain = await ownMainFiles(program);
  const overlayFiles = program.overlay ? await filesUnder(program.overlay.from) : new Map<string, Buffer>();
  const key = programKey(program, goMod, ownMain, overlayFiles);
  return {
    program,
    goMod,
    ownMain,
    overlayFiles,
    key,
    file: path.join(cacheDir, "bin", `${program.id}-${key}`),
  };
}

/**
 * Builds one program in its wrapper module under the kit's cache, or reuses
 * the binary an identical earlier build left there.
 */
export async function buildProgram(
  plan: ProgramPlan,
  cacheDir: string,
  progress: (step: string) => void,
): Promise<BuiltProgram> {
  const { program, goMod, ownMain, key, file: binary } = plan;
  const started = performance.now();
  if (existsSync(binary)) {
    return { id: program.id, file: binary, key, built: false, seconds: (performance.now() - started) / 1000 };
  }
  const dir = path.join(cacheDir, "go", program.id);
  await mkdir(dir, { recursive: true });
  const goModFile = path.join(dir, "go.mod");
  const previous = await readFile(goModFile, "utf8").catch(() => "");
  if (previous !== goMod) {
    await rm(path.join(dir, "go.sum"), { force: true });
    await writeFile(goModFile, goMod);
  }
  for (const name of (await readdir(dir)).filter((n) => n.endsWith(".go"))) await rm(path.join(dir, name));
  if (program.ownMain) {
    for (const [name, bytes] of ownMain) await writeFile(path.join(dir, name), bytes);
  } else {
    await writeFile(path.join(dir, "tools.go"), toolsFile(program));
  }
  const env = { ...process.env, ...GO_ENV };
  progress("resolving modules (go mod tidy)");
  await runOrThrow(["go", "mod", "tidy"], { cwd: dir, env });
  if (!program.overlay) await rm(path.join(dir, "upstream-src"), { recursive: true, force: true });
  if (program.overlay) {
    // go refuses -overlay for files in the module cache: build against a writable copy of the
    // module with the files laid over it, through one more replace line in the wrapper.
    const upstream = await downloadModule(program.upstream.module, program.upstream.version, true);
    const copy = path.join(dir, "upstream-src");
    await rm(copy, { recursive: true, force: true });
    await cp(upstream.Dir as string, copy, { recursive: true });
    await runOrThrow(["chmod", "-R", "u+w", copy]);
    for (const [rel, bytes] of plan.overlayFiles) {
      const target = path.join(copy, program.overlay.moduleFolder, rel);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, bytes);
    }
    await writeFile(goModFile, `${goMod}\nreplace ${program.upstream.module} => ./upstream-src\n`);
    progress(
      `laid ${plan.overlayFiles.size} files over ${program.overlay.moduleFolder} in a copy of the module`,
    );
    await runOrThrow(["go", "mod", "tidy"], { cwd: dir, env });
  }
  progress(`compiling ${program.mainPackage === "." ? program.ownMain : program.mainPackage}`);
  await mkdir(path.dirname(binary), { recursive: true });
  const partial = `${binary}.partial`;
  await runOrThrow(
    [
      "go",
      "build",
      "-trimpath",
      ...(program.tags?.length ? ["-tags", program.tags.join(",")] : []),
      "-ldflags",
      linkerFlags(program.ldflags),
      "-o",
      partial,
      program.mainPackage,
    ],
    { cwd: dir, env },
  );
  await rename(partial, binary);
  return { id: program.id, file: binary, key, built: true, seconds: (performance.now() - started) / 1000 };
}

/** Copies a built program into an image's staging folder. */
export async function stageProgram(built: BuiltProgram, target: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  await copyFile(built.file, target);
  await chmod(target, 0o755);
}
