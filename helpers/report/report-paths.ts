import path from "node:path";
import { REPORTS_DIR } from "../project/paths.ts";

export function allureResultsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.ALLURE_RESULTS_DIR ?? path.join(REPORTS_DIR, "allure-results"));
}
