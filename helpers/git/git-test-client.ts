import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { type Agent, type IncomingHttpHeaders, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { execute, runStep } from "../exec/run-command";
import { commandLine } from "../exec/transcript";
import { withoutUserinfo } from "./display-url";
import { isolatedGitEnv } from "./git-env";

// For the Git server's self-tests: the real git client, and HTTP requests exactly as written.

/** A git that reads no user or system config, with a fixed author. */
export const gitEnv = isolatedGitEnv({
  GIT_AUTHOR_NAME: "self-test",
  GIT_AUTHOR_EMAIL: "self-test@example.invalid",
  GIT_COMMITTER_NAME: "self-test",
  GIT_COMMITTER_EMAIL: "self-test@example.invalid",
});

/** The real git client; a failure throws with its transcript (shown without URL credentials). */
export function git(cwd: string, ...args: string[]) {
  const argv = ["git", ...args];
  return runStep(`git ${args[0]}`, argv, { cwd, env: gitEnv, displayAs: withoutUserinfo(commandLine(argv)) });
}

/** The real git client where failure is the point; the signal turns a hang into a failed test, not a stuck run. */
export function gitExpectingFailure(cwd: string, ...args: string[]) {
  return execute(["git", ...args], { cwd, env: gitEnv, signal: AbortSignal.timeout(10_000) });
}

/** Clones and pushes in the folder `work()` names (a test file's temp dir, made in its beforeAll). */
export function gitWork(work: () => string) {
  async function newDir(name: string): Promise<string> {
    const dir = join(work(), `${name}-${randomUUID().slice(0, 8)}`);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /** Clones `url`, commits `files`, pushes main; returns the clone and the pushed SHA. */
  async function pushFiles(url: string, files: Record<string, string | Buffer>) {
    const clone = await newDir("clone");
    await git(work(), "clone", url, clone);
    for (const [path, content] of Object.entries(files)) await writeFile(join(clone, path), content);
    await git(clone, "add", "--all");
    await git(clone, "commit", "-m", `add ${Object.keys(files).join(", ")}`);
    await git(clone, "push", "origin", "HEAD:refs/heads/main");
    const sha = (await git(clone, "rev-parse", "HEAD")).stdout.trim();
    return { clone, sha };
  }

  async function remoteRefs(url: string): Promise<Map<string, string>> {
    const { stdout } = await git(work(), "ls-remote", url);
    return new Map(
      stdout
        .trim()
        .split("\n")
        .map((line) => line.split("\t").reverse() as [string, string]),
    );
  }

  return { newDir, pushFiles, remoteRefs };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP request exactly as written: node:http does not normalise `..` in the path. */
export function rawRequest(
  port: number,
  path: string,
  options: { headers?: Record<string, string>; agent?: Agent } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path, headers: options.headers, agent: options.agent ?? false },
      (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject).end();
  });
}

/**
 * A scratch folder for a test file's clones and repos, made before its tests and removed after
 * them: `work()` is its path, with gitWork's helpers over it.
 */
export function useGitWorkDir() {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "git-server-test-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const work = () => dir;
  return { work, ...gitWork(work) };
}
