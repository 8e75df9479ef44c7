import path from "node:path";
import { listLabSpecs } from "../lab/list-specs";
import { REPORTS_DIR } from "../project/paths";
import { type LabDeclaration, type LabLine, labLines } from "../report/lab-summary";
import { allureResultsDir } from "../report/report-paths";
import { type ResultEntry, readResultEntries } from "../report/result-files";

/** Where npm run test:controls writes its results (helpers/cli/controls.ts). */
export const CONTROLS_RESULTS_DIR = path.join(REPORTS_DIR, "controls", "allure-results");

export interface CourseRun {
  labsDir: string;
  controlsDir: string;
  labEntries: ResultEntry[];
  controlEntries: ResultEntry[];
  declarations: LabDeclaration[];
  lines: LabLine[];
}

/** A run's results (the labs', and the controls' when they ran) read beside what each spec declares. */
export async function courseRun(labsDir?: string, controlsDir?: string): Promise<CourseRun> {
  const labs = labsDir ? path.resolve(labsDir) : allureResultsDir();
  const controls = controlsDir ? path.resolve(controlsDir) : CONTROLS_RESULTS_DIR;
  const [labEntries, controlEntries, records] = await Promise.all([
    readResultEntries(labs),
    // The same folder twice (results written together) is read once.
    controls === labs ? Promise.resolve([]) : readResultEntries(controls),
    listLabSpecs(),
  ]);
  const declarations: LabDeclaration[] = records.map((r) => ({
    id: r.id,
    name: r.name,
    controls: r.controls.map((c) => c.switchedOff),
    ...(r.differsFromCourse ? { differsFromCourse: r.differsFromCourse } : {}),
    ...(r.noControl ? { noControl: r.noControl } : {}),
    ...(r.uiClaim ? { uiClaim: r.uiClaim } : {}),
  }));
  const lines = labLines(
    labEntries.map((e) => e.result),
    { controlResults: controlEntries.map((e) => e.result), declarations },
  );
  return { labsDir: labs, controlsDir: controls, labEntries, controlEntries, declarations, lines };
}
