import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { step } from "../report/step";
import { credentialFreeRemote } from "./credential-env";
import type { GitServer } from "./git-http-server";
import { type LabRepoAction, RecordedGit } from "./recorded-git";

export type { LabRepoAction } from "./recorded-git";

export const LAB_GIT_USER = {
  name: "gitops-conformance",
  email: "gitops-conformance@example.invalid",
} as const;

/**
 * A working clone of a served repo, changed the way the course tells a learner
 * to: each action is an Allure step named after what it does, with the commit
 * SHA, the git commands as typed and the resulting diff attached.
 */
export class LabRepo implements AsyncDisposable {
  private constructor(
    /** The working tree. */
    readonly dir: string,
    /** The remote, without credentials. */
    readonly remoteUrl: string,
    private readonly git: RecordedGit,
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
    const remote = credentialFreeRemote(remoteUrl);
    const git = new RecordedGit(target, remote);
    const repo = new LabRepo(target, remote.url, git, !dir);
    await git
      .action(`Git: clone ${repo.remoteUrl}`, { diff: false, emptyRepoOk: true }, async () => {
        await git.run("clone", "--", remote.url, target);
        await git.run("config", "user.name", LAB_GIT_USER.name);
        await git.run("config", "user.email", LAB_GIT_USER.email);
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
        await repo.git.commitAction(
          `Git: commit "${message}" (copy ${shownFixture})`,
          { diff: true },
          async () => {
            // The first commit goes on main whatever the clone's default branch guess was.
            await repo.git.run("symbolic-ref", "HEAD", "refs/heads/main");
            await cp(fixture, repo.dir, {
              recursive: true,
              // A fixture is content, never a repository of its own.
              filter: (source) => !relative(fixture, source).split(sep).includes(".git"),
            });
            repo.git.note(`copied ${fixture}/ into the working tree`);
            await repo.git.run("add", "--all");
            await repo.git.run("commit", "-m", message);
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
    return this.git.commitAction(
      `Git: commit "${message}" (write ${paths.join(", ")})`,
      { diff: true },
      async () => {
        for (const [path, content] of Object.entries(files)) {
          const absolute = this.pathInside(path);
          await mkdir(dirname(absolute), { recursive: true });
          await writeFile(absolute, content);
          this.git.note(`wrote ${path} (${Buffer.byteLength(content)} bytes)`);
        }
        await this.git.run("add", "--", ...paths);
        await this.git.run("commit", "-m", message);
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
    return this.git.commitAction(
      `Git: commit "${message}" (git rm ${list.join(" ")})`,
      { diff: true },
      async () => {
        await this.git.run("rm", "--", ...list);
        await this.git.run("commit", "-m", message);
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
    return this.git.commitAction(
      `Git: commit "${message}" (git rm ${remove.join(" ")}; write ${written.join(", ")})`,
      { diff: true },
      async () => {
        await this.git.run("rm", "--", ...remove);
        for (const [path, content] of Object.entries(files)) {
          const absolute = this.pathInside(path);
          await mkdir(dirname(absolute), { recursive: true });
          await writeFile(absolute, content);
          this.git.note(`wrote ${path} (${Buffer.byteLength(content)} bytes)`);
        }
        await this.git.run("add", "--", ...written);
        await this.git.run("commit", "-m", message);
      },
    );
  }

  /** The course's recovery move: `git checkout HEAD~1 <file>`, then commit. */
  async restoreFromPrevious(path: string, message: string): Promise<string> {
    this.pathInside(path);
    return this.git.commitAction(
      `Git: commit "${message}" (git checkout HEAD~1 ${path})`,
      { diff: true },
      async () => {
        await this.git.run("checkout", "HEAD~1", "--", path);
        await this.git.run("commit", "-m", message);
      },
    );
  }

  /** `git revert --no-edit <sha>`: undo a commit with a new one. Returns the new commit SHA. */
  async revert(sha: string): Promise<string> {
    const subject = await this.git.quiet("log", "-1", "--format=%s", sha);
    return this.git.commitAction(
      `Git: revert ${sha.slice(0, 7)} ("${subject.trim()}")`,
      { diff: true },
      async () => {
        await this.git.run("revert", "--no-edit", sha);
      },
    );
  }

  /** `git checkout -b <name>`. Returns HEAD. */
  async checkoutNewBranch(name: string): Promise<string> {
    return this.git.commitAction(`Git: checkout -b ${name}`, { diff: false }, async () => {
      await this.git.run("checkout", "-b", name);
    });
  }

  /** `git checkout <branch>`. Returns HEAD. */
  async checkout(branch: string): Promise<string> {
    return this.git.commitAction(`Git: checkout ${branch}`, { diff: false }, async () => {
      await this.git.run("checkout", branch);
    });
  }

  /** `git merge --no-ff -m <message> <branch>` into the current branch, as a reviewed PR lands. Returns the merge commit SHA. */
  async merge(branch: string, message: string): Promise<string> {
    return this.git.commitAction(
      `Git: commit "${message}" (git merge --no-ff ${branch})`,
      { diff: true },
      async () => {
        await this.git.run("merge", "--no-ff", "-m", message, branch);
      },
    );
  }

  /** `git push --set-upstream origin <branch>` (default: the current branch). Returns the pushed commit SHA. */
  async push(branch?: string): Promise<string> {
    const name = branch ?? (await this.currentBranch());
    return this.git.commitAction(
      `Git: push ${name} to ${this.remoteUrl}`,
      { diff: false, shaOf: `refs/heads/${name}` },
      async () => {
        await this.git.run("push", "--set-upstream", "origin", name);
      },
    );
  }

  async headSha(): Promise<string> {
    return this.git.revParse("HEAD");
  }

  /** The checked-out branch (also before the first commit); throws on a detached HEAD. */
  async currentBranch(): Promise<string> {
    return this.git.currentBranch();
  }

  /** `git log --oneline --decorate --graph -n <n>`, for diagnostics. */
  async log(n = 10): Promise<string> {
    return this.git.quiet("log", "--oneline", "--decorate", "--graph", "-n", String(n));
  }

  /** The content of `path` at commit `sha`, or undefined when the file does not exist there. */
  async fileAt(sha: string, path: string): Promise<string | undefined> {
    const listed = await this.git.quiet("ls-tree", "--name-only", sha, "--", path);
    if (!listed.trim()) return undefined;
    return this.git.quiet("show", `${sha}:${path}`);
  }

  /** The paths commit `sha` changed against its first parent (all its files for a root commit), sorted. */
  async changedFiles(sha: string): Promise<string[]> {
    const out = await this.git.quiet("diff-tree", "--root", "--no-commit-id", "--name-only", "-r", sha);
    return out.split("\n").filter(Boolean).sort();
  }

  /** Every action taken so far, with the transcript attached to the report. */
  history(): LabRepoAction[] {
    return this.git.history();
  }

  /** Deletes the working clone when this object created its directory. */
  async remove(): Promise<void> {
    if (this.ownsDir) await rm(this.dir, { recursive: true, force: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.remove();
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

/** Paths inside the project read best relative to it (fixtures/guestbook); others stay absolute. */
function projectRelative(path: string): string {
  const fromCwd = relative(process.cwd(), path);
  return fromCwd && !fromCwd.startsWith("..") && !isAbsolute(fromCwd) ? fromCwd : path;
}
