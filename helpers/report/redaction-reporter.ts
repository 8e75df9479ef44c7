/**
 * vitest's junit reporter, redacted. junit.xml is uploaded by both workflows and holds
 * every error with its serialized fields and the tests' console output. Four layers:
 * the error classes redact their own fields (redactErrorFields); the workers redact every
 * failed test's serialized errors (redaction-setup.ts, registered here); as each test file
 * ends, its errors and console output are redacted here with the secrets this process knows
 * (global setup's), before the Allure and junit reporters read them at the run's end; and,
 * last, the junit file written is redacted again.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { RunnerTask } from "vitest";
import {
  experimental_getRunnerTask,
  type JUnitOptions,
  JUnitReporter,
  type TestModule,
  type Vitest,
} from "vitest/node";
import { redact, redactValue } from "./redaction";

const REDACTION_SETUP = fileURLToPath(new URL("./redaction-setup.ts", import.meta.url));

/** Redacts a file written by someone else (a reporter) in place; a file not written is left alone. */
export async function redactFile(file: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const redacted = redact(text);
  if (redacted !== text) await writeFile(file, redacted);
}

/** Redacts a finished task's errors (a suite's beforeAll too) and console output, in place, with its children. */
export function redactTask(task: RunnerTask): void {
  if (task.result?.errors) task.result.errors = redactValue(task.result.errors);
  for (const log of task.logs ?? []) log.content = redact(log.content);
  if (task.type !== "test") for (const child of task.tasks) redactTask(child);
}

export default class RedactingJUnitReporter extends JUnitReporter {
  private readonly outputFile: string | undefined;
  private written: string | undefined;

  constructor(options: JUnitOptions = {}) {
    super(options);
    this.outputFile = options.outputFile;
  }

  override async onInit(vitest: Vitest): Promise<void> {
    await super.onInit(vitest);
    if (this.outputFile) this.written = path.resolve(vitest.config.root, this.outputFile);
    for (const project of vitest.projects) {
      const files = project.config.setupFiles;
      // First, so its failure hook runs after every other setup file's.
      if (!files.includes(REDACTION_SETUP)) files.unshift(REDACTION_SETUP);
    }
  }

  // Allure writes every result, and the console every error, only at the run's end: by then these are redacted.
  onTestModuleEnd(testModule: TestModule): void {
    redactTask(experimental_getRunnerTask(testModule));
  }

  override async onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors?: Parameters<JUnitReporter["onTestRunEnd"]>[1],
  ): Promise<void> {
    await super.onTestRunEnd(testModules, unhandledErrors);
    if (this.written) await redactFile(this.written);
  }
}
