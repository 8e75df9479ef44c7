/**
 * The report's front page: "does the course hold?" answered first, one row per lab, each
 * linking to its page in the Allure report (the evidence). Self-contained HTML: the published
 * report loads nothing from outside.
 */
import { COURSE_COMMANDS, coverageSummary } from "../catalog/course-commands";
import { claimOf, keyMeasurement, verdictCounts } from "./course-table";
import { controlsCount, type LabDeclaration, type LabLine } from "./lab-summary";

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export interface FrontPageOptions {
  title: string;
  /** The Allure report's folder, relative to the front page. */
  evidence: string;
  /** The Environment panel's lines (environment.properties), as "key: value". */
  environment: readonly string[];
  declarations?: readonly LabDeclaration[];
  generatedAt?: Date;
}

const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 80rem; padding: 0 1rem; line-height: 1.45; color: #1b1f24; }
  table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
  th, td { border-bottom: 1px solid #d0d7de; padding: 0.45rem 0.5rem; text-align: left; vertical-align: top; }
  th { background: #f6f8fa; }
  td.verdict { white-space: nowrap; }
  tr.failed td { background: #fff1f0; }
  .muted { color: #57606a; font-size: 0.9rem; }
  code { font-size: 0.88rem; white-space: pre-wrap; }
  /* Words in colour, not emoji: a browser without an emoji font still reads them. */
  .badge { border-radius: 0.6rem; padding: 0.05rem 0.5rem; font-weight: 600; font-size: 0.85rem; }
  .badge.verified { background: #dafbe1; color: #116329; }
  .badge.not-verified { background: #eaeef2; color: #424a53; }
  .badge.failed { background: #ffebe9; color: #a40e26; }
  .badge.not-run { background: #f6f8fa; color: #6e7781; }`;

/** The count, then each control by what it switched off, linked to its own result. */
function controlsCell(line: LabLine, options: FrontPageOptions): string {
  const each = (line.controls ?? []).map((c) => {
    const text = `${escapeHtml(c.switchedOff)}: ${c.state}`;
    return c.reportId
      ? `<a href="${escapeHtml(`${options.evidence}/index.html#${c.reportId}`)}">${text}</a>`
      : text;
  });
  return [
    escapeHtml(controlsCount(line.controls)),
    ...each.map((e) => `<br><span class="muted">${e}</span>`),
  ].join("");
}

function row(line: LabLine, options: FrontPageOptions): string {
  const href = line.reportId ? `${options.evidence}/index.html#${line.reportId}` : undefined;
  const lab = `<strong>${escapeHtml(line.id)}</strong> ${escapeHtml(line.title)}`;
  return [
    `<tr class="${line.verdict === "failed" ? "failed" : ""}">`,
    `<td>${href ? `<a href="${escapeHtml(href)}">${lab}</a>` : lab}</td>`,
    `<td>${escapeHtml(claimOf(line, options.declarations))}</td>`,
    `<td class="verdict"><span class="badge ${line.verdict.replace(" ", "-")}">${line.verdict}</span></td>`,
    `<td>${escapeHtml(keyMeasurement(line))}</td>`,
    `<td>${controlsCell(line, options)}</td>`,
    "</tr>",
  ].join("");
}

/** The course's commands and manifests, each with the step that runs it as written, or why not. */
function coverageSection(): string {
  const rows = COURSE_COMMANDS.map((r) => {
    const how = r.verbatim ? `run as written: ${r.step}` : `not as written: ${r.why}`;
    return `<tr><td>${escapeHtml(r.labId)}</td><td><code>${escapeHtml(r.course.join("\n"))}</code></td><td>${escapeHtml(how)}</td></tr>`;
  });
  return `<h3>Course coverage: ${escapeHtml(coverageSummary(COURSE_COMMANDS))}</h3>
<table class="coverage"><thead><tr><th>Lab</th><th>The course's command or manifest</th><th>In the spec</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table>`;
}

export function frontPageHtml(lines: readonly LabLine[], options: FrontPageOptions): string {
  const environment = options.environment.map((l) => `<li><code>${escapeHtml(l)}</code></li>`).join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>${STYLE}
</style>
</head>
<body>
<h1>${escapeHtml(options.title)}</h1>
<h2>Does the course hold?</h2>
<p><strong>${escapeHtml(verdictCounts(lines))}</strong></p>
<p class="muted">Verified: the course's claim was seen to hold on this run. Not verified: it was not seen (the row says why), never counted as passed. A control runs the lab with the course's mechanism switched off; it is caught when the lab then fails where it must. Each lab links to its page: the course's words, the verdict, its controls, then every step with its transcript.</p>
<table>
<thead><tr><th>Lab</th><th>The course claims</th><th>Verdict</th><th>Key measurement</th><th>Controls caught</th></tr></thead>
<tbody>
${lines.map((l) => row(l, options)).join("\n")}
</tbody>
</table>
<p><a href="${escapeHtml(options.evidence)}/index.html">The full report</a>: every lab and control, step by step.</p>
${coverageSection()}
<h3>Where it ran</h3>
<ul class="muted">${environment || "<li>no environment recorded</li>"}</ul>
${options.generatedAt ? `<p class="muted">Generated ${escapeHtml(options.generatedAt.toISOString())}.</p>` : ""}
</body>
</html>
`;
}
