import { redact } from "../report/redaction";
import { seconds } from "../report/seconds";

/** What a person would have seen in their terminal, kept as evidence. */
export interface CommandTranscript {
  /** The command line as a person would type it. */
  command: string;
  stdout: string;
  stderr: string;
  exitCode: number;
  durationMs: number;
}

export function formatTranscript(t: CommandTranscript): string {
  return redact(
    [
      `$ ${t.command}`,
      "--- stdout",
      t.stdout.trimEnd(),
      "--- stderr",
      t.stderr.trimEnd(),
      `--- exit code ${t.exitCode} after ${seconds(t.durationMs, 2)}`,
    ].join("\n"),
  );
}

/** Quotes an argv element the way a POSIX shell user would type it. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

export function commandLine(argv: readonly string[]): string {
  return argv.map(shellQuote).join(" ");
}

/** The transcript of a command a negative control did not run: no output, exit code 0. */
export function notRun(command: string): CommandTranscript {
  return {
    command: `${command} (not run: negative control)`,
    stdout: "",
    stderr: "",
    exitCode: 0,
    durationMs: 0,
  };
}
