import { type SimpleGit, simpleGit } from "simple-git";
import { CREDENTIAL_ENV_NAMES } from "./credential-env";
import { ISOLATING_GIT_ENV, isolatedGitEnv } from "./git-env";
import type { GitCommandRecorder } from "./git-transcript";

// A git process silent this long is stuck (e.g. a server that never answers); fail instead of hanging the run.
const GIT_SILENCE_TIMEOUT_MS = 60_000;

/**
 * simple-git for one working clone: blind to the developer's git config, the credential only
 * in its environment, every command it spawns seen by `recorder`.
 */
export function createGit(
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
