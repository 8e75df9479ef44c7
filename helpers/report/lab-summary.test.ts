import { mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SETUP_FAILURE_FILE } from "../cluster/global-setup";
import { execute } from "../exec/run-command";
import { REPORTS_DIR } from "../project/paths";

// Result files shaped as the suite's reporter writes them (see flaky.test.ts and report.test.ts).
const lab = (id: string, story: string) => [
  { name: "epic", value: "Project 1: Git vs human" },
  { name: "story", value: story },
  { name: "labId", value: id },
];
const SAMPLES = {
  "t02-result.json": {
    name: "a manual image change is reverted",
    status: "passed",
    start: 1_000,
    stop: 96_000,
    labels: lab("T02", "Manual image change (hotfix attempt)"),
    steps: [
      { name: "Human: kubectl set image", steps: [] },
      { name: "Wait until the Application is OutOfSync: reached after 4.2 s", steps: [] },
      { name: "Wait until the Deployment runs the Git image again: reached after 31.5 s", steps: [] },
      { name: "Measured: self-heal: image back to Git's after 31.5 s", steps: [] },
    ],
  },
  "t01-old-result.json": {
    name: "humans cannot change production",
    status: "failed",
    start: 0,
    stop: 500,
    labels: lab("T01", "Humans cannot change production"),
    statusDetails: { message: "an older run" },
  },
  "t01-result.json": {
    name: "humans cannot change production",
    status: "passed",
    start: 1_000,
    stop: 61_000,
    labels: lab("T01", "Humans cannot change production"),
    statusDetails: { flaky: true, message: "Flaky: passed on attempt 2 of 2, after attempt 1 failed: boom" },
    steps: [
      { name: "Attempt 1 of 2: failed: boom", steps: [] },
      {
        name: "Attempt 2 of 2 (retry 1): passed",
        steps: [
          { name: "Wait until 1 replica: reached after 6.8 s", steps: [] },
          { name: "Measured: self-heal: back to 1 replica after 6.8 s", steps: [] },
        ],
      },
    ],
  },
  "m13-result.json": {
    name: "a canary pauses at 20%",
    status: "broken",
    start: 0,
    stop: 125_000,
    labels: lab("M1.3", "Observe and promote a canary"),
    statusDetails: {
      message: "Timed out after 120.0 s waiting for the Rollout | paused\nlast state: Progressing",
    },
  },
  "m34-ui-result.json": {
    name: "M3.4 in the UI: the UI refuses Sync",
    status: "skipped",
    start: 0,
    stop: 1_000,
    labels: [...lab("M3.4", "UI restrictions"), { name: "labPart", value: "UI" }],
    statusDetails: { message: "not verified: Argo CD serves no web UI" },
  },
  "m34-result.json": {
    name: "M3.4 through the API",
    status: "passed",
    start: 0,
    stop: 30_000,
    labels: lab("M3.4", "UI restrictions"),
  },
  "self-test-result.json": { name: "a harness self-test", status: "passed", labels: [] },
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "lab-summary-"));
  for (const [file, result] of Object.entries(SAMPLES))
    await writeFile(path.join(dir, file), JSON.stringify(result));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const summary = async (...args: string[]) => {
  const summaryFile = path.join(dir, "step-summary.md");
  await writeFile(summaryFile, "");
  const run = await execute(["npx", "tsx", "helpers/cli/job-summary.ts", ...args], {
    env: { ...process.env, GITHUB_STEP_SUMMARY: summaryFile },
  });
  expect(run.exitCode, run.stderr).toBe(0);
  return { stdout: run.stdout, file: await readFile(summaryFile, "utf8") };
};

describe("the CI job summary (npm run job-summary)", () => {
  it("writes one line per lab, in course order, with outcome and key durations, to $GITHUB_STEP_SUMMARY", async () => {
    const { stdout, file } = await summary(dir, "--title", "Labs: pinned", "--setup-failure", "/nonexistent");
    expect(file).toBe(`${stdout}\n`);
    expect(stdout.trim().split("\n")).toEqual([
      "### Labs: pinned",
      "",
      "5 labs and parts: 3 passed (1 flaky), 1 not verified, 1 failed.",
      "",
      "| Lab | Result | Duration | Measured | Slowest wait |",
      "|---|---|---|---|---|",
      "| **T01** Humans cannot change production | ✅ passed (flaky) | 60.0 s | self-heal: back to 1 replica after 6.8 s | 1 replica: 6.8 s |",
      "| **T02** Manual image change (hotfix attempt) | ✅ passed | 95.0 s | self-heal: image back to Git's after 31.5 s | the Deployment runs the Git image again: 31.5 s |",
      "| **M1.3** Observe and promote a canary | 💥 broken | 125.0 s | Timed out after 120.0 s waiting for the Rollout \\| paused | — |",
      "| **M3.4** UI restrictions | ✅ passed | 30.0 s | — | — |",
      "| **M3.4 (UI)** UI restrictions | ⏭️ not verified | 1.0 s | not verified: Argo CD serves no web UI | — |",
    ]);
  }, 30_000);

  it("leads with the setup paragraph when the cluster did not come up", async () => {
    const failure = path.join(dir, "setup-failure.txt");
    await writeFile(failure, "Infrastructure: Docker is not running. Start it.\n");
    const { stdout } = await summary(path.join(dir, "empty"), "--setup-failure", failure);
    expect(stdout).toBe(
      "### Labs\n\n**Cluster setup failed; no lab ran.** Infrastructure: Docker is not running. Start it.\n\n" +
        "No lab results were written.\n",
    );
  }, 30_000);

  it("leaves out a setup failure older than the labs' results: it is from an earlier run", async () => {
    const stale = path.join(dir, "stale-setup-failure.txt");
    await writeFile(stale, "Infrastructure: an old failure.\n");
    // Written before the sample labs finished (their stop times are early epoch ms).
    await utimes(stale, new Date(0), new Date(0));
    const { stdout } = await summary(dir, "--setup-failure", stale);
    expect(stdout).not.toContain("an old failure");
    expect(stdout).toContain("5 labs and parts");
  }, 30_000);

  it("reads the setup failure from where global setup writes it", () => {
    expect(SETUP_FAILURE_FILE).toBe(path.join(REPORTS_DIR, "setup-failure.txt"));
  });
});
