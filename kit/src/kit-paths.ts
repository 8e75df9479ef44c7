import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root (kit/src/ is two levels down). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Where the kit keeps what it builds between runs: Go wrapper modules, built
 * programs, root filesystems and image archives. Outside the clone, so a
 * fresh clone (CI's) reuses them. KIT_CACHE_DIR moves it.
 */
export function kitCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.KIT_CACHE_DIR?.trim() || path.join(os.homedir(), ".cache", "gitops-conformance-kit");
}
