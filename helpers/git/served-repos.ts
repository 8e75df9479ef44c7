import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { GitCredentials } from "./basic-auth";
import { isolatedGitEnv } from "./git-env";

const execFileAsync = promisify(execFile);

/** A served repo's directory name; refuses anything that could leave the root. */
export function repoDirName(name: string): string {
  const bare = name.endsWith(".git") ? name.slice(0, -".git".length) : name;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(bare) || bare.includes("..")) {
    throw new Error(
      `Git server: invalid repository name ${JSON.stringify(name)} (letters, digits, . _ - only)`,
    );
  }
  return `${bare}.git`;
}

export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Creates a bare repo under the server's root. Plain files on disk, so the
 * lab specs' worker processes can create their repos in the root that the
 * global setup's server serves.
 */
export async function createBareRepo(root: string, name: string): Promise<{ name: string; path: string }> {
  const dirName = repoDirName(name);
  const path = join(root, dirName);
  if (await exists(path)) throw new Error(`Git server: repository ${dirName} already exists`);
  const git = (...args: string[]) => execFileAsync("git", args, { env: isolatedGitEnv() });
  await git("init", "--bare", "--quiet", "--initial-branch=main", path);
  await git("--git-dir", path, "config", "http.receivepack", "true");
  // Argo CD may fetch a pinned commit SHA rather than a branch.
  await git("--git-dir", path, "config", "uploadpack.allowReachableSHA1InWant", "true");
  // No background gc after a push, still writing into the root when close() removes it.
  await git("--git-dir", path, "config", "receive.autogc", "false");
  return { name: dirName.slice(0, -".git".length), path };
}

/** A repo's clone URL on a server at `baseUrl`, with the credentials as userinfo when given. */
export function repoUrlFor(baseUrl: string, name: string, credentials?: GitCredentials): string {
  const base = new URL(baseUrl);
  const auth = credentials
    ? `${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.password)}@`
    : "";
  return `${base.protocol}//${auth}${base.host}/${repoDirName(name)}`;
}

/** What a lab needs of the Git server from another process: make repos and know their URLs. */
export interface RepoHost {
  createRepo(name: string): Promise<{ name: string; url: string; path: string }>;
  repoUrl(name: string, options?: { withCredentials?: boolean; baseUrl?: string }): string;
}

export function repoHost(root: string, hostUrl: string, credentials: GitCredentials): RepoHost {
  const repoUrl: RepoHost["repoUrl"] = (name, options = {}) =>
    repoUrlFor(options.baseUrl ?? hostUrl, name, options.withCredentials ? credentials : undefined);
  return {
    repoUrl,
    async createRepo(name) {
      return { ...(await createBareRepo(root, name)), url: repoUrl(name) };
    },
  };
}
