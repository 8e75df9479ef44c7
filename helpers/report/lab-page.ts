/**
 * The top of a lab's page in the report: the course's own words, how the spec differs, the
 * verdict in one line, and the counterfactual (its negative controls) beside the evidence.
 * The steps follow below it, as Allure draws them.
 */
import { courseWordsOf } from "../catalog/course-words";
import { findLab } from "../catalog/lab-catalog";
import { claimOf, keyMeasurement } from "./course-table";
import type { ControlLine, LabDeclaration, LabLine } from "./lab-summary";

// Markdown would read a leading "-" or "#" in a quote as a list or heading of its own; two
// trailing spaces keep the course's line breaks.
const quoted = (line: string) => `> ${line.replace(/^([-#>*+])/, "\\$1")}  `;
const inline = (text: string) => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

const CONTROL_STATE: Record<ControlLine["state"], string> = {
  caught: "caught",
  "not caught": "NOT caught",
  "not run": "not run",
};

function controlsSection(line: LabLine, declaration: LabDeclaration | undefined): string[] {
  if (line.controls === undefined) return [];
  const out = ["#### The counterfactual: its negative controls", ""];
  if (line.controls.length === 0) {
    out.push(`No control: ${declaration?.noControl ?? "none declared"}.`);
    return out;
  }
  out.push(
    "Each control runs this lab with the course's mechanism switched off (or the action skipped); the lab must then fail, at the expectation about that mechanism.",
    "",
  );
  // A list, not a table: what happened is a long line, and a table cell would not wrap it.
  for (const c of line.controls) {
    const happened = inline(c.line.replace(/^caught at /, ""));
    out.push(`- **${inline(c.switchedOff)}** switched off: ${CONTROL_STATE[c.state]}: ${happened}`);
  }
  // Allure draws this text in a sandboxed frame whose links lead nowhere: the front page links each control.
  if (line.controls.some((c) => c.reportId))
    out.push(
      "",
      "Each control's own result sits beside this lab in the report's tree, and the front page links it.",
    );
  return out;
}

/** The lab page's description (Markdown), for one lab line (or part) of a run. */
export function labPageMarkdown(line: LabLine, declarations: readonly LabDeclaration[] = []): string {
  const lab = findLab(line.labId);
  const declaration = declarations.find((d) => d.id === line.labId);
  const words = courseWordsOf(line.labId);
  const out = [
    `### ${line.id}: ${lab?.title ?? line.title}`,
    "",
    `*${lab ? `${lab.project} · ${lab.module}` : ""}*`,
    "",
    "#### What the course says",
    "",
    ...words.lines.map(quoted),
    "",
    `**The claim:** ${inline(claimOf(line, declarations))}`,
    "",
  ];
  if (line.part)
    out.push(
      `**This part:** what only Argo CD's web UI can show; the API part of ${line.labId} is judged on its own.`,
      "",
    );
  if (declaration?.differsFromCourse && !line.part)
    out.push("#### How this spec differs from the course", "", inline(declaration.differsFromCourse), "");
  out.push(
    `#### Verdict: ${line.verdict}`,
    "",
    inline(keyMeasurement(line)),
    "",
    ...controlsSection(line, declaration),
  );
  return `${out.join("\n").trimEnd()}\n`;
}

/** A control's page: what it is, which lab it guards (with a link back), and what happened. */
export function controlPageMarkdown(lab: LabLine, control: ControlLine): string {
  const back = `${lab.labId}, whose evidence sits beside it in the report's tree`;
  return [
    `### Negative control of ${lab.labId}: ${inline(control.switchedOff)} switched off`,
    "",
    `The lab run again with ${inline(control.switchedOff)} switched off. The control is caught when the lab then fails at the expectation about that mechanism; a lab that passes, or fails elsewhere, leaves it not caught. It guards ${back}.`,
    "",
    `#### ${CONTROL_STATE[control.state]}`,
    "",
    inline(control.line),
    "",
  ].join("\n");
}
