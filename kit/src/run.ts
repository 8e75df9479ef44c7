import { execute } from "../../helpers/exec/run-command.ts";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (the suite's own runner); never throws on a non-zero exit. */
export async function run(
  argv: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  const t = await execute(argv, options);
  return { code: t.exitCode, stdout: t.stdout, stderr: t.stderr };
}

/** Like run(), but a non-zero exit is an error whose message ends with the command's last output lines. */
export async function runOrThrow(
  argv: readonly string[],
  options: Parameters<typeof run>[1] = {},
): Promise<RunResult> {
  const result = await run(argv, options);
  if (result.code !== 0) {
    const tail = (result.stderr.trim() || result.stdout.trim()).split("\n").slice(-15).join("\n");
    throw new Error(`${argv.join(" ")} exited with ${result.code}:\n${tail}`);
  }
  return result;
}

/** Whether a command is on PATH. */
export async function onPath(tool: string): Promise<boolean> {
  return (await run(["sh", "-c", `command -v ${tool}`])).code === 0;
}

/** Debian's packages by apt-get (as root): the install's result, with the update's error when the install has none. */
export async function aptInstall(packages: readonly string[]): Promise<RunResult> {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = await run(["apt-get", "update", "-qq"], { env });
  const install = await run(["apt-get", "install", "-y", "-qq", ...packages], { env });
  return install.code === 0 ? install : { ...install, stderr: install.stderr || update.stderr };
}
