/**
 * tsx helpers/cli/strip-analytics.ts [report dir]: removes Allure's Google
 * Analytics tag from a generated report (see helpers/report/strip-analytics.ts).
 * Part of npm run report:site, the report the nightly publishes.
 */
import path from "node:path";
import { REPORTS_DIR } from "../project/paths";
import { stripReportAnalytics } from "../report/strip-analytics";

const dir = path.resolve(process.argv[2] ?? path.join(REPORTS_DIR, "allure-report", "evidence"));
const removed = await stripReportAnalytics(dir);
process.stdout.write(
  removed > 0
    ? `Removed the Google Analytics tag from ${path.join(dir, "index.html")}.\n`
    : `No analytics tag found in ${path.join(dir, "index.html")}; nothing to remove.\n`,
);
