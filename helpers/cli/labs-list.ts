/**
 * npm run labs:list: every lab ID with its title, its spec file and the
 * upstream behaviours it relies on (keys of docs/upstream-behaviour.md).
 * LAB=T01,M1.3 lists only those, the labs npm test would run.
 */
import { COURSE_COMMANDS, coverageSummary, coverageTableText } from "../catalog/course-commands";
import { LABS } from "../catalog/lab-catalog";
import { LAB_FILTER_ENV, selectedLabIds, UnknownLabError } from "../catalog/lab-filter";
import { listLabSpecs } from "../lab/list-specs";

async function listing(selected: readonly string[]): Promise<string> {
  const records = await listLabSpecs();
  const lines: string[] = [];
  for (const lab of LABS.filter((l) => selected.includes(l.id))) {
    const specs = records.filter((r) => r.id === lab.id);
    lines.push(`${lab.id.padEnd(5)} ${lab.title}`);
    if (specs.length === 0) lines.push("      (no spec yet)");
    for (const spec of specs) {
      lines.push(`      spec:    ${spec.file}`);
      lines.push(`      proves:  ${spec.name}`);
      lines.push(`      relies:  ${spec.relies.join(", ")}`);
      if (spec.differsFromCourse) lines.push(`      differs: ${spec.differsFromCourse}`);
      if (spec.uiClaim)
        lines.push(
          `      UI part: ${spec.uiClaim} (verified only where Argo CD serves its web UI and Chromium is here; elsewhere reported not verified)`,
        );
    }
  }
  const scope =
    selected.length === LABS.length
      ? ""
      : `Listed ${selected.length} of ${LABS.length} labs, chosen by ${LAB_FILTER_ENV}=${process.env[LAB_FILTER_ENV]?.trim()}.\n`;
  return `${lines.join("\n")}\n\n${selected.length === LABS.length ? courseCoverage() : ""}${scope}Run one or more: LAB=T01,M1.3 npm test\n`;
}

/** With every lab listed: each course command with the step that runs it verbatim, or why none does. */
function courseCoverage(): string {
  // Indented, so no table line starts at the margin the way a lab's own line does.
  const table = coverageTableText(COURSE_COMMANDS).replace(/^/gm, "  ");
  return `Course coverage (lab, verbatim, the course's words, the step that runs them or why not):\n${table}\n${coverageSummary(COURSE_COMMANDS)}\n\n`;
}

try {
  process.stdout.write(await listing(selectedLabIds()));
} catch (error) {
  if (!(error instanceof UnknownLabError)) throw error;
  // The paragraph the doctor gives for the same mistake, without a stack trace.
  process.stderr.write(`${error.message} Unset ${LAB_FILTER_ENV} to list every lab.\n`);
  process.exitCode = 1;
}
