import { type Expectation, expectation, fail, pass, type Verdict } from "../wait/expectation";
import type { LabRepo } from "./lab-repo";

/** A commit changed exactly `paths` and nothing else: "CI changed values.yaml, no template". */
export function changedOnlyVerdict(changed: readonly string[], paths: readonly string[]): Verdict {
  const extra = changed.filter((p) => !paths.includes(p));
  const missing = paths.filter((p) => !changed.includes(p));
  const text = `changed: ${changed.join(", ") || "nothing"}`;
  if (extra.length > 0) return fail(`${text}; also changed ${extra.join(", ")}`);
  if (missing.length > 0) return fail(`${text}; did not change ${missing.join(", ")}`);
  return pass(text);
}

export function commitChangedOnly(
  repo: Pick<LabRepo, "changedFiles">,
  sha: string,
  paths: readonly string[],
): Expectation {
  return expectation(`commit ${sha.slice(0, 7)} to change only ${paths.join(", ")}`, async () =>
    changedOnlyVerdict(await repo.changedFiles(sha), paths),
  );
}
