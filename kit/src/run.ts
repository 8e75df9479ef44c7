import { spawn } from "node:child_process";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, capturing its output; never throws on a non-zero exit. */
export function run(
  argv: readonly string[],
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    input?: string | Buffer;
    onLine?: (line: string) => void;
  } = {},
): Promise<RunResult> {
  const [file, ...args] = argv;
  if (!file) throw new Error("run() needs a command");
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let partial = "";
    const feed = (text: string) => {
      if (!options.onLine) return;
      const lines = (partial + text).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) options.onLine(line);
    };
    child.stdout?.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
      feed(d);
    });
    child.stderr?.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
      feed(d);
    });
    child.on("error", (error) => reject(new Error(`Could not run ${file}: ${error.message}`)));
    child.on("close", (code) => resolve({ code: code ?? 128, stdout, stderr }));
    if (options.input !== undefined) {
      child.stdin?.on("error", () => {}); // a command that exits before reading its input is judged by its exit code
      child.stdin?.end(options.input);
    }
  });
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
