import type { SimpleGit } from "simple-git";
import { attachText } from "../report/attach";
import { redact } from "../report/redaction";
import { step } from "../report/step";
import type { CredentialFreeRemote } from "./credential-env";
import { withoutUserinfo } from "./display-url";
import { createGit } from "./git-client";
import { formatGitTranscript, GitCommandRecorder, type TranscriptLine } from "./git-transcript";

/** One action taken on the repo, as attached to the report. */
export interface LabRepoAction {
  title: string;
  /** HEAD after the action (the new commit for commits, the pushed tip for pushes). */
  sha: string | undefined;
  transcript: string;
}

/**
 * git in one working clone, each action a report step with its transcript attached: the
 * commit SHA, the git commands as typed and, for commits, the resulting diff.
 */
export class RecordedGit {
  private readonly actions: LabRepoAction[] = [];
  private readonly recorder = new GitCommandRecorder();
  private readonly git: SimpleGit;

  constructor(
    baseDir: string,
    /** The remote, its credential only in the environment git runs with. */
    private readonly remote: CredentialFreeRemote,
  ) {
    this.git = createGit(baseDir, this.recorder, remote.env);
  }

  /** A git command of the current action, shown in its transcript. */
  async run(...args: string[]): Promise<string> {
    return this.git.raw(args);
  }

  /** A line in the current action's transcript for what was done without git (e.g. files written). */
  note(text: string): void {
    this.recorder.note(text);
  }

  /** A git command left out of the transcript: plumbing that is not part of the lab's story. */
  async quiet(...args: string[]): Promise<string> {
    return this.recorder.quietly(() => this.git.raw(args));
  }

  async revParse(ref: string): Promise<string> {
    return (await this.quiet("rev-parse", "--verify", `${ref}^{commit}`)).trim();
  }

  /** The checked-out branch (also before the first commit); throws on a detached HEAD. */
  async currentBranch(): Promise<string> {
    return (await this.quiet("symbolic-ref", "--short", "HEAD")).trim();
  }

  /** Every action taken so far, with the transcript attached to the report. */
  history(): LabRepoAction[] {
    return this.actions.map((action) => ({ ...action }));
  }

  /** An action that must leave a commit behind; returns its SHA. */
  async commitAction(
    title: string,
    options: { diff: boolean; shaOf?: string },
    body: () => Promise<void>,
  ): Promise<string> {
    const sha = await this.action(title, options, body);
    if (!sha) throw new Error(`${title}: no commit afterwards`); // unreachable: action() checks it inside the step
    return sha;
  }

  /**
   * Runs `body` as a report step; attaches the transcript (SHA, commands, and for
   * commits `git show --stat --patch`) whether it succeeded or not.
   */
  async action(
    title: string,
    options: { diff: boolean; shaOf?: string; emptyRepoOk?: boolean },
    body: () => Promise<void>,
  ): Promise<string | undefined> {
    // Titles carry commit messages and URLs: keep them as safe to publish as the attachments.
    return step(redact(withoutUserinfo(title)), async () => {
      this.recorder.start();
      let sha: string | undefined;
      let failure: unknown;
      try {
        await body();
        sha = await this.revParse(options.shaOf ?? "HEAD").catch(() => undefined);
        if (sha && options.diff) await this.showCommit(sha);
      } catch (error) {
        failure = error;
      }
      const lines: TranscriptLine[] = this.recorder.stop();
      const branch = await this.currentBranch().catch(() => "(detached HEAD)");
      const header = { commit: sha ?? "(none)", branch, remote: this.remote.url };
      const transcript = formatGitTranscript(header, lines);
      this.actions.push({ title, sha, transcript });
      await attachText("git transcript", transcript);
      if (failure !== undefined) {
        // A fresh error: simple-git's carries the argv, which may hold a credentialed URL.
        const reason = failure instanceof Error ? failure.message : String(failure);
        throw new Error(redact(withoutUserinfo(`${title} failed: ${reason.trim()}\n\n${transcript}`)));
      }
      if (!sha && !options.emptyRepoOk)
        throw new Error(`${title}: no commit at ${options.shaOf ?? "HEAD"} afterwards`);
      return sha;
    });
  }

  private async showCommit(sha: string): Promise<void> {
    const parents = (await this.quiet("rev-list", "--parents", "-n", "1", sha)).trim().split(" ");
    // For a merge, the diff that matters is what it brought into the branch.
    const mergeFlags = parents.length > 2 ? ["--diff-merges=first-parent"] : [];
    await this.run("show", "--stat", "--patch", ...mergeFlags, sha);
  }
}
