// With its extension: vitest.config.ts imports this file, and Vite's config loader wants explicit extensions.
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { longestFirst } from "./lab-order.ts";

/** The labs' files, longest first by the committed estimate (lab-order.ts), whatever vitest cached; other projects as vitest sorts them. */
export class LabSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isLab = (f: TestSpecification) => f.project.name === "labs";
    // LAB_CONTROLS=1 is npm run test:controls (helpers/lab/lab-control.ts, a layer above this one).
    const mode = process.env.LAB_CONTROLS === "1" ? "controls" : "lab";
    const labs = longestFirst(sorted.filter(isLab), (f) => f.moduleId, mode);
    return [...sorted.filter((f) => !isLab(f)), ...labs];
  }
}
