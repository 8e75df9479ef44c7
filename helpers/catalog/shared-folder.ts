import { existsSync } from "node:fs";
import path from "node:path";
import { SHARED_DIR } from "../project/paths";

/**
 * The course's shared folder (`../shared` beside the clone) holds the curriculum.
 * A user's clone has none: only the course tier (npm run test:course) reads it.
 */
export function sharedFile(...segments: string[]): string | undefined {
  const file = path.join(SHARED_DIR, ...segments);
  return existsSync(file) ? file : undefined;
}

export const NO_SHARED_MESSAGE = `The course tier reads the curriculum from ${SHARED_DIR} (the course's shared folder beside the clone), which is not there. Put the course's shared folder beside the clone, or run only npm run test:self, which needs nothing of the course.`;
