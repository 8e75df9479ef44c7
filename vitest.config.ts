import { defineConfig } from "vitest/config";
import { allureCategories } from "./helpers/report/categories.ts";

const resultsDir = process.env.ALLURE_RESULTS_DIR ?? "reports/allure-results";

export default defineConfig({
  test: {
    reporters: [
      "default",
      ["allure-vitest/reporter", { resultsDir, categories: allureCategories }],
      ["junit", { outputFile: "reports/junit.xml" }],
    ],
    projects: [
      {
        test: {
          name: "self",
          include: ["helpers/**/*.test.ts", "fixtures/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "labs",
          include: ["suites/**/*.spec.ts"],
          testTimeout: 10 * 60_000,
          hookTimeout: 15 * 60_000,
        },
      },
    ],
  },
});
