import path from "node:path";

/** Where a run writes its evidence; everything under reports/ is generated and git-ignored. */
export const REPORTS_DIR = path.resolve(import.meta.dirname, "../../reports");

export function allureResultsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.ALLURE_RESULTS_DIR ?? path.join(REPORTS_DIR, "allure-results"));
}
