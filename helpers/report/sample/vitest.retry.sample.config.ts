import path from "node:path";
import { defineConfig } from "vitest/config";

// As the labs project: one retry, and the suite's Allure reporter.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["flaky-lab.sample.ts"],
    retry: 1,
    reporters: [
      [
        path.resolve(import.meta.dirname, "../allure-reporter.ts"),
        { resultsDir: process.env.ALLURE_RESULTS_DIR, reportMatchers: false },
      ],
    ],
  },
});
