/**
 * npm run report: the HTML report of the last run. Each lab's page is given the course's words,
 * its verdict and its controls (written into the results' descriptions), Allure draws the
 * evidence into reports/allure-report/evidence, and the front page, reports/allure-report/index.html,
 * answers "does the course hold?" with one row per lab.
 * Options: [labs results dir] [--controls DIR] [--out DIR].
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { execute } from "../exec/run-command";
import { REPORTS_DIR } from "../project/paths";
import { frontPageHtml } from "../report/front-page";
import { controlPageMarkdown, labPageMarkdown } from "../report/lab-page";
import { reportIdOf, writeResultEntry } from "../report/result-files";
import { courseRun } from "./course-run";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    controls: { type: "string" },
    out: { type: "string", default: path.join(REPORTS_DIR, "allure-report") },
  },
});

const run = await courseRun(positionals[0], values.controls);
const byReportId = new Map(run.lines.map((l) => [l.reportId, l]));

// Descriptions are rebuilt from the results each time: generating twice gives the same pages.
for (const entry of run.labEntries) {
  const line = byReportId.get(reportIdOf(entry.result));
  if (!line) continue;
  entry.result.description = labPageMarkdown(line, run.declarations);
  await writeResultEntry(entry);
}
for (const entry of run.controlEntries) {
  const id = reportIdOf(entry.result);
  const lab = run.lines.find((l) => l.controls?.some((c) => c.reportId === id));
  const control = lab?.controls?.find((c) => c.reportId === id);
  if (!lab || !control) continue;
  entry.result.description = controlPageMarkdown(lab, control);
  await writeResultEntry(entry);
}

const out = path.resolve(values.out);
const evidence = path.join(out, "evidence");
const dirs = [run.labsDir, ...(run.controlEntries.length > 0 ? [run.controlsDir] : [])];
// Allure writes beside an earlier report rather than over it: each report starts from an empty folder.
await rm(evidence, { recursive: true, force: true });
const generated = await execute(["npx", "allure", "generate", ...dirs, "-o", evidence]);
if (generated.exitCode !== 0) {
  process.stderr.write(`allure generate failed:\n${generated.stdout}\n${generated.stderr}\n`);
  process.exit(1);
}

const environment = (await readFile(path.join(run.labsDir, "environment.properties"), "utf8").catch(() => ""))
  .split("\n")
  .filter((l) => l.includes("="))
  .map((l) => l.replace(/\\(.)/g, "$1").replace("=", ": "));
await mkdir(out, { recursive: true });
await writeFile(
  path.join(out, "index.html"),
  frontPageHtml(run.lines, {
    title: process.env.ALLURE_REPORT_NAME || "GitOps course conformance",
    evidence: "evidence",
    environment,
    declarations: run.declarations,
    generatedAt: new Date(),
  }),
);
process.stdout.write(`${path.join(out, "index.html")}\n`);
