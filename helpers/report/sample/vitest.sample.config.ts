import { defineConfig } from "vitest/config";
import { allureCategories } from "../categories.ts";

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["sample-lab.sample.ts"],
    reporters: [
      [
        "allure-vitest/reporter",
        { resultsDir: process.env.ALLURE_RESULTS_DIR, categories: allureCategories, reportMatchers: false },
      ],
    ],
  },
});
