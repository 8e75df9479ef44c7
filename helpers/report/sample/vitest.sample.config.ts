import path from "node:path";
import { defineConfig } from "vitest/config";
import { allureCategories } from "../categories.ts";

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["sample-lab.sample.ts"],
    reporters: [
      [
        path.resolve(import.meta.dirname, "../allure-reporter.ts"),
        { resultsDir: process.env.ALLURE_RESULTS_DIR, categories: allureCategories, reportMatchers: false },
      ],
    ],
  },
});
