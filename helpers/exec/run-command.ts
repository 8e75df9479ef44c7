import { spawn } from "node:child_process";
import { attachText } from "../report/attach";
import { redact, redactErrorFields } from "../report/redaction";
import { step } from "../report/step";
import { type CommandTranscript, commandLine, formatTranscript } from "./transcript";

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  signal?: AbortSignal;
  /** Shown in the transcript instead of the argv (e.g. the course's command line when run inside a container). */
  displayAs?: string;
}

/** The line that says why: the last one on stderr (else stdout), e.g. Docker's pull error or kubectl's "Error from server". */
function lastLine(t: CommandTranscript): string {
  const lines = (t.stderr.trim() || t.stdout.trim()).split("\n").filter((l) => l.trim() !== "");
  return lines.at(-1)?.trim() ?? "no output";
}

export class CommandFailedError extends Error {
  constructor(readonly transcript: CommandTranscript) {
    // The first line must say it all: the setup's failure paragraph keeps only that line.
    super(
      `${redact(`${transcript.command} failed with exit code ${transcript.exitCode}: ${lastLine(transcript)}`)}\n${formatTranscript(transcript)}`,
    );
    this.name = "CommandFailedError";
    // The transcript is serialized with the error (console, junit.xml): redacted as the message is.
    redactErrorFields(this);
  }
}

/** Runs a command to completion and returns its transcript; never throws on a non-zero exit. */
export function execute(argv: readonly string[], options: RunOptions = {}): Promise<CommandTranscript> {
  const [file, ...args] = argv;
  if (!file) throw new Error("execute() needs a command");
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      signal: options.signal,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", (error) => reject(new Error(redact(`Could not run ${file}: ${error.message}`))));
    child.on("close", (code, signal) => {
      resolve({
        command: options.displayAs ?? commandLine(argv),
        stdout,
        stderr: signal ? `${stderr}\n(killed by ${signal})` : stderr,
        exitCode: code ?? 128,
        durationMs: performance.now() - started,
      });
    });
    // A command that exits without reading its input closes the pipe: that is not an error.
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
  });
}

/**
 * Records a command as a report step named `title`, attaching its transcript.
 * Throws CommandFailedError on a non-zero exit unless `expectFailure` is set
 * (for actions that must be refused, like a forbidden kubectl call).
 */
export async function transcriptStep(
  title: string,
  run: () => Promise<CommandTranscript>,
  options: { expectFailure?: boolean } = {},
): Promise<CommandTranscript> {
  return step(title, async () => {
    const transcript = await run();
    await attachText(`transcript: ${transcript.command}`, formatTranscript(transcript));
    if (transcript.exitCode !== 0 && !options.expectFailure) throw new CommandFailedError(transcript);
    return transcript;
  });
}

/** Runs a command on this machine as a report step (see transcriptStep). */
export function runStep(
  title: string,
  argv: readonly string[],
  options: RunOptions & { expectFailure?: boolean } = {},
): Promise<CommandTranscript> {
  return transcriptStep(title, () => execute(argv, options), options);
}
