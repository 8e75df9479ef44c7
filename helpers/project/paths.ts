import os from "node:os";
import path from "node:path";

/** The repository root (this file is helpers/project/paths.ts). */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");

export const FIXTURES_DIR = path.join(PROJECT_ROOT, "fixtures");
export const SUITES_DIR = path.join(PROJECT_ROOT, "suites");
/** Where a run writes its evidence; everything under reports/ is generated and git-ignored. */
export const REPORTS_DIR = path.join(PROJECT_ROOT, "reports");
/** The course's shared folder beside the clone: the curriculum and unmodified upstream files. */
export const SHARED_DIR = path.resolve(PROJECT_ROOT, "../shared");

/** The offline kit's cache (KIT_CACHE_DIR moves it), outside the clone so a fresh clone reuses it. */
export function kitCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.KIT_CACHE_DIR?.trim() || path.join(os.homedir(), ".cache", "gitops-conformance-kit");
}
