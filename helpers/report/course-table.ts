/**
 * "Does the course hold?": one row per lab (and per part with a verdict of its own), with the
 * course's claim, the verdict, what was seen, and its controls. The same table leads CI's job
 * summary (Markdown) and the report's front page (front-page.ts).
 */
import { courseWordsOf } from "../catalog/course-words";
import { controlsCount, type LabDeclaration, type LabLine, type Verdict } from "./lab-summary";

export const VERDICT_ICON: Record<Verdict, string> = {
  verified: "✅",
  "not verified": "⚪",
  failed: "❌",
  "not run": "➖",
};

/** The course's claim for a lab, in its own words; a part's claim is the spec's (the UI part's). */
export function claimOf(
  line: Pick<LabLine, "labId" | "part">,
  declarations: readonly LabDeclaration[] = [],
): string {
  if (line.part) {
    const ui = declarations.find((d) => d.id === line.labId)?.uiClaim;
    return ui ? `in the UI: ${ui}` : `its ${line.part} part`;
  }
  return joinClaim(courseWordsOf(line.labId).claim.map((l) => l.replace(/^-\s*/, "")));
}

/** The claim's lines as one sentence: a line that ends a sentence or opens a list runs on; others are kept apart. */
function joinClaim(lines: readonly string[]): string {
  return lines.reduce(
    (text, l) => (text === "" ? l : `${text}${/[.:!?”"]$/.test(text) ? " " : "; "}${l}`),
    "",
  );
}

/** The one line of what was seen: the key measurement, or why there is none. */
export function keyMeasurement(line: LabLine): string {
  if (line.verdict === "not run") return "—";
  if (line.verdict !== "verified") return line.failure ?? line.status;
  const seen = line.seen.join("; ") || "—";
  return line.flaky ? `${seen} (flaky: passed on its retry)` : seen;
}

export function verdictCounts(lines: readonly LabLine[]): string {
  const count = (v: Verdict) => lines.filter((l) => l.verdict === v).length;
  const controls = lines.flatMap((l) => l.controls ?? []);
  const ran = controls.filter((c) => c.state !== "not run");
  const caught = ran.filter((c) => c.state === "caught").length;
  const controlPart =
    ran.length === 0
      ? "controls not run"
      : `controls: ${caught} of ${ran.length} caught${controls.length > ran.length ? `, ${controls.length - ran.length} not run` : ""}`;
  return (
    `${count("verified")} of ${lines.length} claims verified, ${count("not verified")} not verified, ` +
    `${count("failed")} failed, ${count("not run")} not run; ${controlPart}.`
  );
}

// A table cell: no pipes or line breaks of its own.
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

export function courseTableMarkdown(
  lines: readonly LabLine[],
  options: { title: string; setupFailure?: string; declarations?: readonly LabDeclaration[] },
): string {
  const out = [`### ${options.title}`, ""];
  if (options.setupFailure)
    out.push(`**Cluster setup failed; no lab ran.** ${cell(options.setupFailure)}`, "");
  if (lines.every((l) => l.verdict === "not run")) {
    out.push("No lab results were written.");
    return `${out.join("\n")}\n`;
  }
  out.push(
    `**Does the course hold?** ${verdictCounts(lines)}`,
    "",
    "| Lab | The course claims | Verdict | Key measurement | Controls caught |",
    "|---|---|---|---|---|",
  );
  for (const l of lines) {
    out.push(
      `| **${cell(l.id)}** ${cell(l.title)} | ${cell(claimOf(l, options.declarations))} | ${VERDICT_ICON[l.verdict]} ${l.verdict} | ${cell(keyMeasurement(l))} | ${controlsCount(l.controls)} |`,
    );
  }
  return `${out.join("\n")}\n`;
}
