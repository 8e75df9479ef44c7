/**
 * npm run job-summary -- [results dir] [--controls DIR] [--title T] [--setup-failure FILE]:
 * "does the course hold?", one Markdown row per lab (the course's claim, the verdict, the key
 * measurement, its controls caught) from the Allure results, appended to $GITHUB_STEP_SUMMARY
 * when set (GitHub Actions' job summary) and printed either way.
 */
import { appendFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { REPORTS_DIR } from "../project/paths";
import { courseTableMarkdown } from "../report/course-table";
import { runSetupFailure } from "../report/setup-failure";
import { courseRun } from "./course-run";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    title: { type: "string", default: "Labs" },
    controls: { type: "string" },
    // Where helpers/cluster/global-setup.ts writes its paragraph when the cluster did not come up.
    "setup-failure": { type: "string", default: path.join(REPORTS_DIR, "setup-failure.txt") },
  },
});

const run = await courseRun(positionals[0], values.controls);
const markdown = courseTableMarkdown(run.lines, {
  title: values.title,
  setupFailure: await runSetupFailure(values["setup-failure"], run.lines),
  declarations: run.declarations,
});

const summaryFile = process.env.GITHUB_STEP_SUMMARY;
if (summaryFile) await appendFile(summaryFile, `${markdown}\n`);
process.stdout.write(markdown);
