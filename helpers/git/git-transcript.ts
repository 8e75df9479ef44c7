import type { outputHandler } from "simple-git";
import { commandLine } from "../exec/transcript";
import { redact } from "../report/redaction";
import { withoutUserinfo } from "./display-url";

/** One git command as it ran, with its stdout and stderr interleaved as a terminal shows them. */
export interface RecordedGitCommand {
  argv: readonly string[];
  output: string;
}

/** A line in a transcript: a git command, or a note on what was done without git (e.g. files written). */
export type TranscriptLine = RecordedGitCommand | { note: string };

// A diff of generated manifests can be large; the report needs the gist, not megabytes.
const MAX_OUTPUT_CHARS = 256 * 1024;

/**
 * Collects every git command a simple-git instance spawns while recording is on,
 * from the argv simple-git actually passed to git, so the transcript shows what
 * ran, not what we meant to run.
 */
export class GitCommandRecorder {
  private lines: TranscriptLine[] | undefined;

  readonly outputHandler: outputHandler = (_binary, stdout, stderr, argv) => {
    const lines = this.lines;
    if (!lines) return;
    const command: RecordedGitCommand = { argv: [...argv], output: "" };
    lines.push(command);
    const append = (chunk: Buffer | string) => {
      if (command.output.length < MAX_OUTPUT_CHARS) command.output += chunk.toString();
    };
    stdout.on("data", append);
    stderr.on("data", append);
  };

  /** Starts a new transcript; commands before the next stop() land in it. */
  start(): void {
    this.lines = [];
  }

  note(text: string): void {
    this.lines?.push({ note: text });
  }

  stop(): TranscriptLine[] {
    const lines = this.lines ?? [];
    this.lines = undefined;
    return lines;
  }

  /** Runs `body` without recording: plumbing (rev-parse, log subjects) that is not part of the lab's story. */
  async quietly<T>(body: () => Promise<T>): Promise<T> {
    const lines = this.lines;
    this.lines = undefined;
    try {
      return await body();
    } finally {
      this.lines = lines;
    }
  }
}

/** The transcript as a person would read it: header facts, then `$ git …` lines and their output. Safe to publish. */
export function formatGitTranscript(
  header: Record<string, string>,
  lines: readonly TranscriptLine[],
): string {
  const parts = [
    Object.entries(header)
      .map(([name, value]) => `${name}: ${value}`)
      .join("\n"),
  ];
  for (const line of lines) {
    if ("note" in line) {
      parts.push(`# ${line.note}`);
    } else {
      const output =
        line.output.length >= MAX_OUTPUT_CHARS ? `${line.output}\n[output truncated]` : line.output;
      parts.push(`$ ${commandLine(["git", ...line.argv])}${output.trimEnd() ? `\n${output.trimEnd()}` : ""}`);
    }
  }
  return redact(withoutUserinfo(parts.join("\n\n")));
}
