import { readFile } from "node:fs/promises";
import path from "node:path";
import { FIXTURES_DIR } from "../project/paths";

/** The text of a file under fixtures/, e.g. `gitops/grade-api-rollout/rollout.yaml`. */
export async function readFixture(fixture: string): Promise<string> {
  return readFile(path.join(FIXTURES_DIR, fixture), "utf8");
}
