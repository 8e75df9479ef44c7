import type { CourseCommandRow } from "./course-command-row";
import { PROJECT1_COMMANDS } from "./course-commands-project1";
import { PROJECT2_COMMANDS } from "./course-commands-project2";

/**
 * The course-coverage table: every command, manifest and UI action of the course's text, with the
 * report step that runs it verbatim or the reason no step does. The course tier
 * (course-commands.course.ts) holds it to the course's text, the self-test (course-commands.test.ts)
 * to the specs and fixtures; npm run labs:list and the report print it.
 */

export type { CourseCommandRow } from "./course-command-row";
export { courseFingerprint } from "./course-command-row";

export const COURSE_COMMANDS: readonly CourseCommandRow[] = [...PROJECT1_COMMANDS, ...PROJECT2_COMMANDS];

/** Room for the course's words in a table line: a command line fits, a manifest is cut. */
const COURSE_WIDTH = 70;

/** "17 of 39 course commands run verbatim". */
export function coverageSummary(rows: readonly CourseCommandRow[]): string {
  const verbatim = rows.filter((r) => r.verbatim).length;
  return `${verbatim} of ${rows.length} course commands run verbatim`;
}

/** The row's course lines on one line, cut to `width` characters with an ellipsis. */
export function shortCourse(row: CourseCommandRow, width = COURSE_WIDTH): string {
  const oneLine = row.course.join(" / ");
  return oneLine.length <= width ? oneLine : `${oneLine.slice(0, width - 1)}…`;
}

function stepOrWhy(row: CourseCommandRow): string {
  return row.verbatim ? row.step : row.why;
}

/** Plain text, one line per row: lab ID, verbatim yes/no, the course's words, then the step or the reason. */
export function coverageTableText(rows: readonly CourseCommandRow[]): string {
  return rows
    .map(
      (r) =>
        `${r.labId.padEnd(5)} ${(r.verbatim ? "yes" : "no").padEnd(3)} ${shortCourse(r).padEnd(COURSE_WIDTH)} ${stepOrWhy(r)}`,
    )
    .join("\n");
}

/** A cell's text, safe inside a Markdown table: its pipes escaped, no line break. */
function cell(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/\s*\n\s*/g, " ");
}

/** A Markdown table of the rows for the report, with the summary line under it. */
export function coverageMarkdown(rows: readonly CourseCommandRow[]): string {
  const lines = [
    "| Lab | Verbatim | Course | Step that runs it, or why not |",
    "|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.labId} | ${r.verbatim ? "yes" : "no"} | ${cell(r.course.join(" / "))} | ${cell(stepOrWhy(r))} |`,
    ),
  ];
  return `${lines.join("\n")}\n\n${coverageSummary(rows)}.\n`;
}
