/**
 * npm run job-summary -- [results dir] [--title T] [--setup-failure FILE]:
 * one Markdown line per lab (ID, outcome, key durations) from the Allure
 * results, appended to $GITHUB_STEP_SUMMARY when set (GitHub Actions' job
 * summary) and printed either way.
 */
import { appendFile, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { REPORTS_DIR } from "../project/paths";
import { labLines, readResultFiles, summaryMarkdown } from "../report/lab-summary";
import { allureResultsDir } from "../report/report-paths";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    title: { type: "string", default: "Labs" },
    // Where helpers/cluster/global-setup.ts writes its paragraph when the cluster did not come up.
    "setup-failure": { type: "string", default: path.join(REPORTS_DIR, "setup-failure.txt") },
  },
});

const dir = positionals[0] ? path.resolve(positionals[0]) : allureResultsDir();
const lines = labLines(await readResultFiles(dir));

/** The setup paragraph, unless a lab finished after it was written (then it is from an earlier run). */
async function setupFailure(file: string): Promise<string | undefined> {
  const written = await stat(file).catch(() => undefined);
  if (!written) return undefined;
  if (lines.some((l) => (l.stop ?? 0) > written.mtimeMs)) return undefined;
  return (await readFile(file, "utf8")).trim() || undefined;
}

const markdown = summaryMarkdown(lines, {
  title: values.title,
  setupFailure: await setupFailure(values["setup-failure"]),
});

const summaryFile = process.env.GITHUB_STEP_SUMMARY;
if (summaryFile) await appendFile(summaryFile, `${markdown}\n`);
process.stdout.write(markdown);
