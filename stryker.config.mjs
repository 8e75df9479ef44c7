// @ts-check
/**
 * Mutation testing of the harness's core (npm run test:mutation): the wait engine, the Git
 * server and its auth, redaction, the lab filter, the manifest patches and the Argo CD and
 * Rollouts verdicts. Tests: the self-tests of vitest.mutation.config.ts, never the labs.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts", related: true },
  coverageAnalysis: "perTest",
  // Stryker rewrites the sandbox tsconfig.json's `extends` and `references` with TypeScript's JS API
  // (ts.parseConfigFileTextToJson), which TypeScript 7 (tsgo) no longer has: the run dies with "is not a
  // function". This tsconfig.json has neither field, so there is nothing to rewrite: naming a file
  // that does not exist skips that step; the sandbox still gets the real tsconfig.json, unchanged.
  tsconfigFile: "no-tsconfig-to-rewrite.json",
  mutate: [
    "helpers/wait/*.ts",
    "!helpers/wait/*.test.ts",
    "helpers/git/git-http-server.ts",
    "helpers/git/server-limits.ts",
    "helpers/git/cgi-slots.ts",
    "helpers/git/credential-env.ts",
    "helpers/git/basic-auth.ts",
    "helpers/git/git-request-path.ts",
    "helpers/report/redaction.ts",
    "helpers/catalog/lab-filter.ts",
    "helpers/install/patch-argocd.ts",
    "helpers/install/patch-rollouts.ts",
    "helpers/rollouts/rollout-status.ts",
    "helpers/rollouts/canary-split.ts",
    "helpers/rollouts/rollout-expectations.ts",
    "helpers/rollouts/timed-pause.ts",
    "helpers/argocd/application-expectations.ts",
    "helpers/argocd/auto-synced.ts",
    "helpers/argocd/tree-expectations.ts",
  ],
  // Two CPUs, shared with other work.
  concurrency: 2,
  tempDirName: ".stryker-tmp",
  // The sandbox needs no copy of the reports or of Stryker's own files.
  ignorePatterns: ["reports", ".stryker-tmp", ".scratch"],
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 90, low: 80, break: 80 },
  // Waits poll with real time: a mutant that makes one loop forever is a timeout (killed).
  timeoutMS: 10_000,
  // Static mutants (module-level constants and patterns: the timeout table, the smart-HTTP path, the Go
  // duration and image-tag patterns; about 220) each rerun every related test, which more than doubles a run
  // on 2 CPUs. They are reported as Ignored and left out of the score.
  ignoreStatic: true,
  // Reuses the last run's results for mutants whose code and covering tests did not change.
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
};
