import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/** The part of an Allure result file the suite's report tools read and write. */
export interface ResultFile {
  uuid?: string;
  name: string;
  status?: string;
  start?: number;
  stop?: number;
  labels?: { name: string; value: string }[];
  statusDetails?: { message?: string; flaky?: boolean };
  steps?: StepFile[];
  /** Markdown, shown at the top of the test's page. */
  description?: string;
  links?: { name?: string; url: string; type?: string }[];
}
export interface StepFile {
  name?: string;
  status?: string;
  steps?: StepFile[];
}

/** A result file with where it lies, so a report step can write it back. */
export interface ResultEntry {
  path: string;
  result: ResultFile;
}

export async function readResultEntries(dir: string): Promise<ResultEntry[]> {
  const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith("-result.json"));
  return Promise.all(
    files.map(async (f) => {
      const file = path.join(dir, f);
      return { path: file, result: JSON.parse(await readFile(file, "utf8")) as ResultFile };
    }),
  );
}

export async function readResultFiles(dir: string): Promise<ResultFile[]> {
  return (await readResultEntries(dir)).map((e) => e.result);
}

export function writeResultEntry(entry: ResultEntry): Promise<void> {
  return writeFile(entry.path, JSON.stringify(entry.result));
}

export const labelOf = (result: ResultFile, name: string): string | undefined =>
  result.labels?.find((l) => l.name === name)?.value;

/** Every step's name, depth first; without the lab's cleanup, whose waits say nothing of the claim. */
export function stepNames(steps: readonly StepFile[] = []): string[] {
  return steps.flatMap((s) =>
    s.name?.startsWith(CLEANUP_STEP) ? [] : [s.name ?? "", ...stepNames(s.steps)],
  );
}

// helpers/lab/lab-context.ts names its closing step so: "Clean up lab T01".
const CLEANUP_STEP = "Clean up lab ";

/** The HTML report's own ID for a result (Allure 3: md5 of the result's uuid), for links into it. */
export function reportIdOf(result: ResultFile): string | undefined {
  return result.uuid === undefined ? undefined : createHash("md5").update(result.uuid).digest("hex");
}
