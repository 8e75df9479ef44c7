import { readdirSync, rmSync } from "node:fs";
import path from "node:path";

/** LAB_KEEP_RESULTS=1 keeps earlier runs' results beside this run's (a report built from several runs). */
export const KEEP_RESULTS_ENV = "LAB_KEEP_RESULTS";

export const keepResults = (env: NodeJS.ProcessEnv = process.env) => env[KEEP_RESULTS_ENV] === "1";

/**
 * Empties a results folder of what Allure writes there (results, containers, attachments,
 * environment, categories), so a report shows one run. Anything else in it is left alone.
 */
export function clearResults(dir: string): void {
  const names = (() => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  })();
  for (const name of names) {
    if (
      /-(result|container)\.json$|-attachment(\.\w+)?$|^environment\.properties$|^categories\.json$/.test(
        name,
      )
    )
      rmSync(path.join(dir, name), { force: true });
  }
}
