import { existsSync } from "node:fs";
import path from "node:path";
import { SHARED_DIR } from "../project/paths";

/**
 * The course's shared folder (`../shared` beside the clone) holds the curriculum
 * and unmodified upstream manifests for self-tests. A user's clone has none, so
 * callers skip with a reason when this returns undefined.
 */
export function sharedFile(...segments: string[]): string | undefined {
  const file = path.join(SHARED_DIR, ...segments);
  return existsSync(file) ? file : undefined;
}

export const NO_SHARED_REASON = `needs ${SHARED_DIR} (the course's shared folder beside the clone), which this machine does not have`;
