import { LABS } from "../catalog/lab-catalog";
import { LAB_FILTER_ENV, selectedLabIds, UnknownLabError } from "../catalog/lab-filter";
import { type CheckResult, fail, ok } from "./check-result";

export const LAB_SELECTION_CHECK = "Lab selection";

/** LAB=T01,M1.3 runs a subset; an unknown ID stops the run before any cluster starts. */
export function checkLabSelection(env: NodeJS.ProcessEnv): CheckResult {
  try {
    const ids = selectedLabIds(env);
    return ok(LAB_SELECTION_CHECK, ids.length === LABS.length ? `all ${ids.length} labs` : ids.join(", "));
  } catch (error) {
    if (!(error instanceof UnknownLabError)) throw error;
    return fail(
      LAB_SELECTION_CHECK,
      error.message,
      `Fix ${LAB_FILTER_ENV}, or unset it to run every lab; npm run labs:list prints the IDs with their titles.`,
    );
  }
}
