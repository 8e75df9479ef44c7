import { defineConfig } from "vitest/config";
import { LABS } from "./helpers/catalog/lab-catalog.ts";
import { selectedLabIds, specGlobs } from "./helpers/catalog/lab-filter.ts";
import { LabSequencer } from "./helpers/catalog/lab-sequencer.ts";
import { labConcurrency } from "./helpers/project/concurrency.ts";
import { allureCategories } from "./helpers/report/categories.ts";
import { allureResultsDir } from "./helpers/report/report-paths.ts";

/** LAB=T01,M1.3 picks spec files by ID; an unknown ID is reported by the preflight in global setup. */
function labSpecGlobs(): string[] {
  try {
    return specGlobs(selectedLabIds());
  } catch {
    return specGlobs(LABS.map((l) => l.id));
  }
}

export default defineConfig({
  test: {
    // The labs longest first by a committed estimate: a fresh clone has no cached durations.
    sequence: { sequencer: LabSequencer },
    reporters: [
      "default",
      // reportMatchers off: it turns expect() arguments into step names, outside redaction.
      // allure-vitest's reporter, plus attempts as steps and flaky marking (helpers/report/allure-reporter.ts).
      [
        "./helpers/report/allure-reporter.ts",
        // Only the labs' results: the report holds the course, never the harness's self-tests.
        {
          resultsDir: allureResultsDir(),
          categories: allureCategories,
          reportMatchers: false,
          projects: ["labs"],
        },
      ],
      // vitest's junit reporter, redacted: both workflows upload junit.xml (redaction-reporter.ts).
      ["./helpers/report/redaction-reporter.ts", { outputFile: "reports/junit.xml" }],
    ],
    projects: [
      {
        test: {
          name: "self",
          include: ["helpers/**/*.test.ts", "fixtures/**/*.test.ts", "kit/**/*.test.ts"],
          testTimeout: 30_000,
          // Re-importing the Kubernetes client, testcontainers and Allure for every file was a third
          // of the run. The files restore what they change (env stubs, timers, secrets, listeners),
          // so they share a worker's modules; threads start faster than forks.
          pool: "threads",
          isolate: false,
          // One worker per CPU, not vitest's default of one fewer: much of a self-test's time is spent
          // waiting on a child process (git, tsx, a nested vitest, Chromium) or a timeout.
          maxWorkers: "100%",
        },
      },
      {
        test: {
          name: "course",
          include: ["helpers/**/*.course.ts", "fixtures/**/*.course.ts"],
        },
      },
      {
        test: {
          name: "labs",
          include: labSpecGlobs(),
          globalSetup: ["helpers/cluster/global-setup.ts"],
          // One retry, labs only: a lab that needed it is marked flaky in the report, never silently green.
          retry: 1,
          // Labs mostly wait on controllers, so several share the cluster at once (LAB_CONCURRENCY to change;
          // a value out of range stops the run here rather than quietly becoming the default).
          maxWorkers: labConcurrency(),
          testTimeout: 10 * 60_000,
          hookTimeout: 15 * 60_000,
        },
      },
    ],
  },
});
