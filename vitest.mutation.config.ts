import { defineConfig } from "vitest/config";

/**
 * The self-tests Stryker runs against each mutant (stryker.config.mjs): the tests of the
 * mutated modules' folders only, with none of the report's reporters (Allure, JUnit) and
 * never a lab (they need a cluster).
 */
export default defineConfig({
  test: {
    include: [
      "helpers/wait/**/*.test.ts",
      "helpers/git/**/*.test.ts",
      "helpers/report/redaction*.test.ts",
      "helpers/catalog/**/*.test.ts",
      "helpers/install/**/*.test.ts",
      "helpers/rollouts/**/*.test.ts",
      // The Argo CD verdicts only: the API client's tests belong to a module not mutated here.
      "helpers/argocd/{application-expectations,application-verdicts,application-readers,auto-synced,tree-expectations,resource-tree}.test.ts",
    ],
    testTimeout: 30_000,
  },
});
