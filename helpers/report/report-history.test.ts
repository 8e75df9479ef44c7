import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execute } from "../exec/run-command";
import { localBin } from "../project/local-bin";

// allurerc.mjs keeps history only when ALLURE_HISTORY_PATH names the file, as the nightly does.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "report-history-"));
  await mkdir(path.join(dir, "results"));
  const result = {
    uuid: "7d0c5a2e-0000-4000-8000-000000000001",
    historyId: "sample-history-id",
    testCaseId: "sample-test-case",
    name: "a lab reported on two nights",
    status: "passed",
    stage: "finished",
    start: 1_000,
    stop: 2_000,
    labels: [{ name: "labId", value: "T99" }],
    steps: [],
    attachments: [],
    parameters: [],
  };
  await writeFile(path.join(dir, "results", `${result.uuid}-result.json`), JSON.stringify(result));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function generate(night: string): Promise<void> {
  const run = await execute(
    localBin("allure", "generate", path.join(dir, "results"), "-o", path.join(dir, night)),
    {
      env: {
        ...process.env,
        ALLURE_HISTORY_PATH: path.join(dir, "history", "history.jsonl"),
        ALLURE_REPORT_NAME: "GitOps course conformance: pinned versions",
      },
    },
  );
  expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
}

describe("the report's history between runs (allurerc.mjs)", () => {
  it("appends each run to ALLURE_HISTORY_PATH and shows the earlier runs in the next report", async () => {
    await generate("night-1");
    await generate("night-2");
    const history = await readFile(path.join(dir, "history", "history.jsonl"), "utf8");
    expect(history.trim().split("\n")).toHaveLength(2);

    const resultsDir = path.join(dir, "night-2", "data", "test-results");
    const [file] = await readdir(resultsDir);
    const shown = JSON.parse(await readFile(path.join(resultsDir, file ?? ""), "utf8")) as {
      history?: unknown[];
    };
    expect(shown.history).toHaveLength(1);
  }, 60_000);

  it("names the report after ALLURE_REPORT_NAME", async () => {
    const summary = JSON.parse(await readFile(path.join(dir, "night-2", "summary.json"), "utf8")) as {
      name: string;
    };
    expect(summary.name).toBe("GitOps course conformance: pinned versions");
  });
});
