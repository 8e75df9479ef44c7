import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execute } from "../exec/run-command";
import { localBin } from "../project/local-bin";

interface AllureStep {
  name: string;
  status?: string;
  steps?: AllureStep[];
}
interface AllureResult extends AllureStep {
  status: string;
  labels: { name: string; value: string }[];
  statusDetails?: { message?: string; flaky?: boolean };
}

let workDir: string;
let results: AllureResult[];

// The sample specs run with `retry: 1`, as the labs project does, through the suite's reporter.
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "allure-flaky-"));
  const resultsDir = path.join(workDir, "results");
  const run = await execute(
    localBin("vitest", "run", "--config", "helpers/report/sample/vitest.retry.sample.config.ts"),
    { env: { ...process.env, ALLURE_RESULTS_DIR: resultsDir, FLAKY_COUNTER_DIR: workDir } },
  );
  // One sample fails on every attempt, so vitest exits 1.
  expect(run.exitCode, run.stderr).toBe(1);
  const files = (await readdir(resultsDir)).filter((f) => f.endsWith("-result.json"));
  results = await Promise.all(
    files.map(async (f) => JSON.parse(await readFile(path.join(resultsDir, f), "utf8")) as AllureResult),
  );
}, 60_000);

afterAll(() => rm(workDir, { recursive: true, force: true }));

const byName = (name: string) => {
  const found = results.filter((r) => r.name === name);
  expect(found, `results named ${name}`).toHaveLength(1);
  return found[0] as AllureResult;
};

describe("a lab that needed its retry", () => {
  it("is reported as passed and flaky, saying how the first attempt failed", () => {
    const lab = byName("a sample lab that fails once, then passes on retry");
    expect(lab.status).toBe("passed");
    expect(lab.statusDetails?.flaky).toBe(true);
    expect(lab.statusDetails?.message).toBe(
      "Flaky: passed on attempt 2 of 2, after attempt 1 failed: " +
        "the app's health on this attempt: expected 1 to be greater than 1",
    );
  });

  it("shows each attempt as a step named with its outcome, holding that attempt's steps", () => {
    const lab = byName("a sample lab that fails once, then passes on retry");
    expect(lab.steps?.map((s) => [s.name, s.status])).toEqual([
      ["Attempt 1 of 2: failed: the app's health on this attempt: expected 1 to be greater than 1", "failed"],
      ["Attempt 2 of 2 (retry 1): passed", "passed"],
    ]);
    expect(lab.steps?.map((s) => s.steps?.[0]?.name)).toEqual([
      "Human: act (attempt 1)",
      "Human: act (attempt 2)",
    ]);
  });

  it("keeps one of each label although every attempt sent them", () => {
    const lab = byName("a sample lab that fails once, then passes on retry");
    expect(lab.labels.filter((l) => l.name === "labId")).toEqual([{ name: "labId", value: "T97" }]);
    expect(lab.labels.filter((l) => l.name === "story")).toHaveLength(1);
  });
});

describe("a lab that failed every attempt, or passed at once", () => {
  it("fails, not flaky, with both attempts shown", () => {
    const lab = byName("a sample lab that fails on every attempt");
    expect(lab.status).toBe("failed");
    expect(lab.statusDetails?.flaky).toBeUndefined();
    expect(lab.statusDetails?.message).toContain("the app's health");
    expect(lab.steps?.map((s) => s.status)).toEqual(["failed", "failed"]);
  });

  it("passes at once with its steps as they were, no attempt wrapper", () => {
    const lab = byName("a sample lab that passes at once");
    expect(lab.status).toBe("passed");
    expect(lab.statusDetails?.flaky).toBeUndefined();
    expect(lab.steps?.map((s) => s.name)).toEqual(["Human: act"]);
  });
});
