import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { type SimpleGit, simpleGit } from "simple-git";
import { attachText } from "../report/attach";
import { redact } from "../report/redaction";
import { step } from "../report/step";
import { CREDENTIAL_ENV_NAMES, credentialFreeRemote } from "./credential-env";
import { withoutUserinfo } from "./display-url";
import { ISOLATING_GIT_ENV, isolatedGitEnv } from "./git-env";
import type { GitServer } from "./git-http-server";
import { formatGitTranscript, GitCommandRecorder, type TranscriptLine } from "./git-transcript";

export const LAB_GIT_USER = {
  name: "gitops-conformance",
  email: "gitops-conformance@example.invalid",
} as const;

/** One action taken on the repo, as attached to the report. */
export interface LabRepoAction {
  title: string;
  /** HEAD after the action (the new commit for commits, the pushed tip for pushes). */
  sha: string | undefined;
  transcript: string;
}

// A git process silent this long is stuck (e.g. a server that never answers); fail instead of hanging the run.
const GIT_SILENCE_TIMEOUT_MS = 60_000;

/**
 * A working clone of a served repo, changed the way the course tells a learner
 * to: each action is an Allure step named after what it does, with the commit
 * SHA, the git commands as typed and the resulting diff attached.
 */
export class LabRepo implements AsyncDisposable {
  private readonly actions: LabRepoAction[] = [];

  private constructor(
    /** The working tree. */
    readonly dir: string,
    /** The remote, without credentials. */
    readonly remoteUrl: string,
    private readonly git: SimpleGit,
    private readonly recorder: GitCommandRecorder,
    private readonly ownsDir: boolean,
  ) {}

  /**
   * Clones `remoteUrl` into `dir`, or a new folder in `parent` (a run's work folder, so a
   * killed run's clones go with it). Credentials embedded in the URL reach
   * git only through its environment: never its arguments, the clone's files or the report.
   */
  static async clone(remoteUrl: string, dir?: string, parent = tmpdir()): Promise<LabRepo> {
    const target = dir ? resolve(dir) : await mkdtemp(resolve(parent, "lab-repo-"));
    await mkdir(target, { recursive: true });
    const recorder = new GitCommandRecorder();
    const remote = credentialFreeRemote(remoteUrl);
    const repo = new LabRepo(target, remote.url, createGit(target, recorder, remote.env), recorder, !dir);
    await repo
      .action(`Git: clone ${repo.remoteUrl}`, { diff: false, emptyRepoOk: true }, async () => {
        await repo.run("clone", "--", remote.url, target);
        await repo.run("config", "user.name", LAB_GIT_USER.name);
        await repo.run("config", "user.email", LAB_GIT_USER.email);
      })
      .catch(async (error: unknown) => {
        await repo.remove();
        throw error;
      });
    return repo;
  }

  /**
   * Creates repo `name` on `server`, commits the contents of `fixtureDir` as the first commit
   * on main and pushes it. The working clone is made in `parent`.
   */
  static async seedFromFixture(
    server: Pick<GitServer, "createRepo" | "repoUrl">,
    name: string,
    fixtureDir: string,
    message: string,
    parent?: string,
  ): Promise<LabRepo> {
    const fixture = resolve(fixtureDir);
    const shownFixture = projectRelative(fixture);
    return step(`Git: seed repo "${name}" from ${shownFixture}`, async () => {
      await server.createRepo(name);
      const repo = await LabRepo.clone(server.repoUrl(name, { withCredentials: true }), undefined, parent);
      try {
        await repo.commitAction(
          `Git: commit "${message}" (copy ${shownFixture})`,
          { diff: true },
          async () => {
            // The first commit goes on main whatever the clone's default branch guess was.
            await repo.run("symbolic-ref", "HEAD", "refs/heads/main");
            await cp(fixture, repo.dir, {
              recursive: true,
              // A fixture is content, never a repository of its own.
              filter: (source) => !relative(fixture, source).split(sep).includes(".git"),
            });
            repo.recorder.note(`copied ${fixture}/ into the working tree`);
            await repo.run("add", "--all");
            await repo.run("commit", "-m", message);
          },
        );
        await repo.push("main");
      } catch (error) {
        await repo.remove();
        throw error;
      }
      return repo;
    });
  }

  /** Writes (creates or overwrites) files, then `git add` + `git commit`. Returns the new commit SHA. */
  async writeFiles(files: Record<string, string>, message: string): Promise<string> {
    const paths = Object.keys(files);
    if (paths.length === 0) throw new Error("writeFiles needs at least one file");
    return this.commitAction(
      `Git: commit "${message}" (write ${paths.join(", ")})`,
      { diff: true },
      async () => {
        for (const [path, content] of Object.entries(files)) {
          const absolute = this.pathInside(path);
          await mkdir(dirname(absolute), { recursive: true });
          await writeFile(absolute, content);
          this.recorder.note(`wrote ${path} (${Buffer.byteLength(content)} bytes)`);
        }
        await this.run("add", "--", ...paths);
        await this.run("commit", "-m", message);
      },
    );
  }

  /** writeFiles for a single file. */
  async commitFile(path: string, content: string, message: string): Promise<string> {
    return this.writeFiles({ [path]: content }, message);
  }

  /** `git rm` + commit: how the course deletes resources ("delete via Git"). */
  async rm(paths: string | readonly string[], message: string): Promise<string> {
    const list = typeof paths === "string" ? [paths] : [...paths];
    for (const path of list) this.pathInside(path);
    return this.commitAction(
      `Git: commit "${message}" (git rm ${list.join(" ")})`,
      { diff: true },
      async () => {
        await this.run("rm", "--", ...list);
        await this.run("commit", "-m", message);
      },
    );
  }

  /**
   * One commit that removes some files and writes others (`git rm` + add + commit): how
   * the course replaces a manifest (the Deployment by a Rollout, the Rollout by a chart)
   * without an intermediate commit that Argo CD could sync on its own.
   */
  async replaceFiles(
    remove: readonly string[],
    files: Record<string, string>,
    message: string,
  ): Promise<string> {
    const written = Object.keys(files);
    if (remove.length === 0 || written.length === 0)
      throw new Error("replaceFiles needs files to remove and to write");
    for (const path of remove) this.pathInside(path);
    return this.commitAction(
      `Git: commit "${message}" (git rm ${remove.join(" ")}; write ${written.join(", ")})`,
      { diff: true },
      async () => {
        await this.run("rm", "--", ...remove);
        for (const [path, content] of Object.entries(files)) {
          const absolute = this.pathInside(path);
          await mkdir(dirname(absolute), { recursive: true });
          await writeFile(absolute, content);
          this.recorder.note(`wrote ${path} (${Buffer.byteLength(content)} bytes)`);
        }
        await this.run("add", "--", ...written);
        await this.run("commit", "-m", message);
      },
    );
  }

  /** The course's recovery move: `git checkout HEAD~1 <file>`, then commit. */
  async restoreFromPrevious(path: string, message: string): Promise<string> {
    this.pathInside(path);
    return this.commitAction(
      `Git: commit "${message}" (git checkout HEAD~1 ${path})`,
      { diff: true },
      async () => {
        await this.run("checkout", "HEAD~1", "--", path);
        await this.run("commit", "-m", message);
      },
    );
  }

  /** `git revert --no-edit <sha>`: undo a commit with a new one. Returns the new commit SHA. */
  async revert(sha: string): Promise<string> {
    const subject = await this.recorder.quietly(() => this.git.raw("log", "-1", "--format=%s", sha));
    return this.commitAction(
      `Git: revert ${sha.slice(0, 7)} ("${subject.trim()}")`,
      { diff: true },
      async () => {
        await this.run("revert", "--no-edit", sha);
      },
    );
  }

  /** `git checkout -b <name>`. Returns HEAD. */
  async checkoutNewBranch(name: string): Promise<string> {
    return this.commitAction(`Git: checkout -b ${name}`, { diff: false }, async () => {
      await this.run("checkout", "-b", name);
    });
  }

  /** `git checkout <branch>`. Returns HEAD. */
  async checkout(branch: string): Promise<string> {
    return this.commitAction(`Git: checkout ${branch}`, { diff: false }, async () => {
      await this.run("checkout", branch);
    });
  }

  /** `git merge --no-ff -m <message> <branch>` into the current branch, as a reviewed PR lands. Returns the merge commit SHA. */
  async merge(branch: string, message: string): Promise<string> {
    return this.commitAction(
      `Git: commit "${message}" (git merge --no-ff ${branch})`,
      { diff: true },
      async () => {
        await this.run("merge", "--no-ff", "-m", message, branch);
      },
    );
  }

  /** `git push --set-upstream origin <branch>` (default: the current branch). Returns the pushed commit SHA. */
  async push(branch?: string): Promise<string> {
    const name = branch ?? (await this.currentBranch());
    return this.commitAction(
      `Git: push ${name} to ${this.remoteUrl}`,
      { diff: false, shaOf: `refs/heads/${name}` },
      async () => {
        await this.run("push", "--set-upstream", "origin", name);
      },
    );
  }

  async headSha(): Promise<string> {
    return this.revParse("HEAD");
  }

  /** The checked-out branch (also before the first commit); throws on a detached HEAD. */
  async currentBranch(): Promise<string> {
    return (await this.recorder.quietly(() => this.git.raw("symbolic-ref", "--short", "HEAD"))).trim();
  }

  /** `git log --oneline --decorate --graph -n <n>`, for diagnostics. */
  async log(n = 10): Promise<string> {
    return this.recorder.quietly(() =>
      this.git.raw("log", "--oneline", "--decorate", "--graph", "-n", String(n)),
    );
  }

  /** The content of `path` at commit `sha`, or undefined when the file does not exist there. */
  async fileAt(sha: string, path: string): Promise<string | undefined> {
    return this.recorder.quietly(async () => {
      const listed = await this.git.raw("ls-tree", "--name-only", sha, "--", path);
      if (!listed.trim()) return undefined;
      return this.git.raw("show", `${sha}:${path}`);
    });
  }

  /** The paths commit `sha` changed against its first parent (all its files for a root commit), sorted. */
  async changedFiles(sha: string): Promise<string[]> {
    const out = await this.recorder.quietly(() =>
      this.git.raw("diff-tree", "--root", "--no-commit-id", "--name-only", "-r", sha),
    );
    return out.split("\n").filter(Boolean).sort();
  }

  /** Every action taken so far, with the transcript attached to the report. */
  history(): LabRepoAction[] {
    return this.actions.map((action) => ({ ...action }));
  }

  /** Deletes the working clone when this object created its directory. */
  async remove(): Promise<void> {
    if (this.ownsDir) await rm(this.dir, { recursive: true, force: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.remove();
  }

  /** An action that must leave a commit behind; returns its SHA. */
  private async commitAction(
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
  private async action(
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
      const header = { commit: sha ?? "(none)", branch, remote: this.remoteUrl };
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
    const parents = (await this.recorder.quietly(() => this.git.raw("rev-list", "--parents", "-n", "1", sha)))
      .trim()
      .split(" ");
    // For a merge, the diff that matters is what it brought into the branch.
    const mergeFlags = parents.length > 2 ? ["--diff-merges=first-parent"] : [];
    await this.run("show", "--stat", "--patch", ...mergeFlags, sha);
  }

  private async run(...args: string[]): Promise<string> {
    return this.git.raw(args);
  }

  private async revParse(ref: string): Promise<string> {
    return (
      await this.recorder.quietly(() => this.git.raw("rev-parse", "--verify", `${ref}^{commit}`))
    ).trim();
  }

  /** Lab paths are relative to the repo root; anything that would land outside the clone is a harness bug. */
  private pathInside(path: string): string {
    const absolute = resolve(this.dir, path);
    if (isAbsolute(path) || !absolute.startsWith(this.dir + sep)) {
      throw new Error(`Path ${JSON.stringify(path)} is not inside the clone`);
    }
    return absolute;
  }
}

function createGit(
  baseDir: string,
  recorder: GitCommandRecorder,
  credentialEnv: Record<string, string>,
): SimpleGit {
  return simpleGit({
    baseDir,
    // git-env's isolating variables and the credential's GIT_CONFIG_* are guarded by simple-git; we set them.
    allowEnvironment: [...Object.keys(ISOLATING_GIT_ENV), ...CREDENTIAL_ENV_NAMES],
    // The credential travels as GIT_CONFIG_COUNT & co (credential-env.ts), set by us, never by a caller.
    unsafe: { allowUnsafeConfigPaths: true, allowUnsafeConfigEnvCount: true },
    timeout: { block: GIT_SILENCE_TIMEOUT_MS },
  })
    .env(isolatedGitEnv(credentialEnv))
    .outputHandler(recorder.outputHandler);
}

/** Paths inside the project read best relative to it (fixtures/guestbook); others stay absolute. */
function projectRelative(path: string): string {
  const fromCwd = relative(process.cwd(), path);
  return fromCwd && !fromCwd.startsWith("..") && !isAbsolute(fromCwd) ? fromCwd : path;
}
