import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export interface GoModuleRef {
  module: string;
  version: string;
}

export interface GoModuleInfo {
  Dir?: string;
  GoMod?: string;
  /** The proxy's .info file: Version, Time, and Origin (the git commit) when the proxy kept it. */
  Info?: string;
  /** The module's h1: sum, as go.sum holds it. */
  Sum?: string;
  Error?: string;
}

/**
 * `go mod download -json module@version`: the module proxy's copy of a module,
 * unpacked in the module cache (read-only, checked against the checksum
 * database by go itself). Throws with the proxy's own reason when it is not served.
 */
export async function downloadGoModule(
  ref: GoModuleRef,
  options: { withSource?: boolean } = {},
): Promise<GoModuleInfo> {
  const target = `${ref.module}@${ref.version}`;
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync("go", ["mod", "download", "-json", target], {
      env: { ...process.env, GOFLAGS: "", GOTOOLCHAIN: "auto" },
      maxBuffer: 16 * 1024 * 1024,
    }));
  } catch (error) {
    const out = (error as { stdout?: string }).stdout ?? "";
    const reason = out.match(/"Error": "([^"]+)"/)?.[1]?.replaceAll("\\n", " ") ?? (error as Error).message;
    throw new Error(`the Go module proxy did not serve ${target}: ${reason}`);
  }
  const info = JSON.parse(stdout) as GoModuleInfo;
  if (options.withSource && !info.Dir) throw new Error(`go mod download gave no source folder for ${target}`);
  return info;
}

/** One file of a module at a version, exactly as the module proxy serves it. */
export async function goModuleFile(ref: GoModuleRef, file: string): Promise<Buffer> {
  const info = await downloadGoModule(ref, { withSource: true });
  return readFile(path.join(info.Dir as string, file));
}
