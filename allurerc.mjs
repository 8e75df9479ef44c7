// The HTML report's settings, read by `allure generate` (npm run report, the nightly workflow).
import { defineConfig } from "allure";

const historyPath = process.env.ALLURE_HISTORY_PATH;

export default defineConfig({
  // The nightly names each matrix leg's report (ALLURE_REPORT_NAME); `--name` overrides both.
  name: process.env.ALLURE_REPORT_NAME || "GitOps course conformance",
  // The evidence; npm run report puts the course's front page beside it (reports/allure-report/index.html).
  output: "reports/allure-report/evidence",
  // The harness's own labels say nothing to a learner; the course's (project, module, lab) stay.
  hideLabels: ["framework", "language", "host", "thread", "package", "parentSuite", "suite", "subSuite"],
  // History (trends, new failures, flaky across runs) only where runs keep it: the nightly
  // restores this file before generating and saves it after. Local reports stay one-run.
  ...(historyPath ? { historyPath, historyLimit: 60 } : {}),
  plugins: {
    awesome: {
      options: {
        reportLanguage: "en",
        // Course project, then module, then lab: the report reads as the course does.
        groupBy: ["epic", "feature", "story"],
        // A lab is a story of steps: show them, with failures open.
        stepTreeExpansion: "expanded",
      },
    },
  },
});
