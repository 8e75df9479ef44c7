/**
 * allure-vitest's reporter, made honest about retries and repeats: a test
 * that ran more than once shows each attempt as a step named with its
 * outcome, and one that passed only after a failed attempt is marked flaky
 * (statusDetails.flaky, which Allure shows as flaky) with the failure said in
 * its message. allure-vitest alone writes a plain "passed" for it.
 */
import { fileURLToPath } from "node:url";
import type { Label, Parameter, StatusDetails, TestResult } from "allure-js-commons";
import type { RuntimeMessage } from "allure-js-commons/sdk";
import AllureVitestReporter, { type AllureVitestReporterConfig } from "allure-vitest/reporter";
import type { RunnerTask } from "vitest";
import type { Vitest } from "vitest/node";
import { ATTEMPTS_META_KEY, type AttemptMark, attemptsOf, flakyMessage, wrapAttempts } from "./attempts";
import { clearResults, keepResults } from "./results-dir";

const ATTEMPT_SETUP = fileURLToPath(new URL("./attempt-setup.ts", import.meta.url));

interface ReporterMeta {
  allureRuntimeMessages?: RuntimeMessage[];
  [ATTEMPTS_META_KEY]?: AttemptMark[];
}

/** Every attempt sends the test's labels again; one of each is enough. */
function unique<T extends Label | Parameter>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify([item.name, item.value]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The flaky message for the test being written; handleTask writes synchronously, so one slot is enough. */
interface Writing {
  flaky?: string;
}

function finish(result: TestResult, writing: Writing): void {
  result.labels = unique(result.labels);
  result.parameters = unique(result.parameters);
  // allure-js-commons' type lacks `flaky`, but the result format has it and Allure's reader honours it.
  const details: StatusDetails & { flaky?: boolean } = { ...result.statusDetails, flaky: true };
  if (writing.flaky) result.statusDetails = { ...details, message: writing.flaky };
}

export interface SuiteReporterConfig extends AllureVitestReporterConfig {
  /**
   * The vitest projects whose tests are the report's (the labs): the harness's self-tests never
   * land in it. Unset: every project's (the report's own samples).
   */
  projects?: readonly string[];
}

export default class AllureReporter extends AllureVitestReporter {
  private readonly writing: Writing;
  private readonly projects: readonly string[] | undefined;
  /** False when none of `projects` runs (npm run test:self): then nothing is written at all. */
  private active = true;

  constructor(config: SuiteReporterConfig) {
    const writing: Writing = {};
    const { projects, ...allureConfig } = config;
    const resultsDir = allureConfig.resultsDir;
    super({
      ...allureConfig,
      listeners: [
        ...(allureConfig.listeners ?? []),
        // Before stop: the history ID is computed at stop, from the de-duplicated parameters.
        { beforeTestResultStop: (result: TestResult) => finish(result, writing) },
      ],
    });
    this.writing = writing;
    this.projects = projects;
    this.resultsDir = resultsDir;
  }

  private readonly resultsDir: string | undefined;

  override onInit(vitest: Vitest): void {
    const projects = this.projects;
    if (projects) {
      this.active = vitest.projects.some((p) => projects.includes(p.name));
      if (!this.active) return;
      // A report is of one run: earlier results go first, unless the user keeps them on purpose.
      if (this.resultsDir && !keepResults()) clearResults(this.resultsDir);
    }
    super.onInit(vitest);
    for (const project of vitest.projects) {
      if (!project.config.setupFiles.includes(ATTEMPT_SETUP)) project.config.setupFiles.push(ATTEMPT_SETUP);
    }
  }

  override onTestRunEnd(...args: Parameters<AllureVitestReporter["onTestRunEnd"]>): void {
    if (this.active) super.onTestRunEnd(...args);
  }

  override handleTask(task: RunnerTask): void {
    if (this.projects && task.type === "test" && !this.projects.includes(task.file.projectName ?? "")) return;
    if (task.type !== "test") {
      super.handleTask(task);
      return;
    }
    const meta = task.meta as ReporterMeta;
    const attempts = attemptsOf(meta[ATTEMPTS_META_KEY] ?? [], task.result?.errors ?? []);
    const end = (task.result?.startTime ?? Date.now()) + (task.result?.duration ?? 0);
    if (meta.allureRuntimeMessages)
      meta.allureRuntimeMessages = wrapAttempts(meta.allureRuntimeMessages, attempts, end);
    this.writing.flaky = flakyMessage(attempts, task.result?.state === "pass");
    try {
      super.handleTask(task);
    } finally {
      this.writing.flaky = undefined;
    }
  }
}
