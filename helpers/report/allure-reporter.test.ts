import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Vitest } from "vitest/node";
import AllureReporter from "./allure-reporter";

/** Just what the reporter's onInit reads of vitest: the projects of this run. */
const vitestWith = (...names: string[]) =>
  ({
    projects: names.map((name) => ({
      name,
      config: { setupFiles: [], browser: { enabled: false }, runner: undefined },
      provide: () => undefined,
    })),
  }) as unknown as Vitest;

let dir: string;
const EARLIER = ["old-result.json", "old-container.json", "old-attachment.txt", "environment.properties"];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "allure-reporter-"));
  for (const name of [...EARLIER, "notes.md"]) await writeFile(path.join(dir, name), "earlier run");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("the suite's Allure reporter", () => {
  it("starts a labs run from clean results, leaving files of its own kind only", async () => {
    new AllureReporter({ resultsDir: dir, projects: ["labs"] }).onInit(vitestWith("labs"));
    expect(await readdir(dir)).toEqual(["notes.md"]);
  });

  it("keeps earlier results when LAB_KEEP_RESULTS=1 asks for them", async () => {
    process.env.LAB_KEEP_RESULTS = "1";
    try {
      new AllureReporter({ resultsDir: dir, projects: ["labs"] }).onInit(vitestWith("labs"));
    } finally {
      delete process.env.LAB_KEEP_RESULTS;
    }
    expect(await readdir(dir)).toEqual(expect.arrayContaining(EARLIER));
  });

  it("writes nothing and clears nothing when none of its projects runs (the self-tests)", async () => {
    const reporter = new AllureReporter({ resultsDir: dir, projects: ["labs"] });
    reporter.onInit(vitestWith("self"));
    reporter.onTestRunEnd([]);
    expect((await readdir(dir)).sort()).toEqual([...EARLIER, "notes.md"].sort());
  });
});
