import { mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SETUP_FAILURE_FILE } from "../cluster/global-setup";
import { execute } from "../exec/run-command";
import { localBin } from "../project/local-bin";
import { REPORTS_DIR } from "../project/paths";
import { claimOf, courseTableMarkdown, keyMeasurement } from "./course-table";
import { frontPageHtml } from "./front-page";
import { labLines } from "./lab-summary";
import { controlResult, labResult } from "./sample/result-fixtures";

const T01 = labResult("T01", {
  story: "Humans cannot change production",
  start: 1_000,
  stop: 61_000,
  stepNames: ["Measured: self-heal: back to 1 replica after 6.8 s"],
});
const T02 = labResult("T02", {
  story: "Manual image change (hotfix attempt)",
  status: "failed",
  stop: 2_000,
  statusDetails: { message: "Timed out after 60.0 s waiting for the Git image | back\nlast state: nginx" },
});
const CONTROL = controlResult(
  "T01",
  "self-heal",
  "passed",
  "caught at Timed out after 30.0 s waiting for 1 replica",
  3_000,
);
const lines = labLines([T01, T02], {
  controlResults: [CONTROL],
  declarations: [{ id: "T01", name: "s", controls: ["the lab's action", "self-heal"] }],
});

describe("does the course hold? (the front page and the job summary)", () => {
  it("states each claim in the course's words, as one sentence", () => {
    expect(claimOf({ labId: "T01" })).toBe(
      "Argo CD → App becomes OutOfSync; Seconds later → Argo reverts to replicas: 1; Kubernetes accepts human commands. Argo rejects human authority.",
    );
    expect(
      claimOf({ labId: "M3.4", part: "UI" }, [
        { id: "M3.4", name: "", controls: [], uiClaim: "refuses Sync" },
      ]),
    ).toBe("in the UI: refuses Sync");
  });

  it("gives the key measurement of a verified lab, the failure of a failed one", () => {
    expect(keyMeasurement(lines[0] ?? expect.fail())).toBe("self-heal: back to 1 replica after 6.8 s");
    expect(keyMeasurement(lines[1] ?? expect.fail())).toBe(
      "Timed out after 60.0 s waiting for the Git image | back",
    );
  });

  it("leads the job summary with the counts, then one row per lab", () => {
    const markdown = courseTableMarkdown(lines, { title: "Labs" }).split("\n");
    expect(markdown.slice(0, 5)).toEqual([
      "### Labs",
      "",
      "**Does the course hold?** 1 of 22 claims verified, 0 not verified, 1 failed, 20 not run; controls: 1 of 1 caught, 1 not run.",
      "",
      "| Lab | The course claims | Verdict | Key measurement | Controls caught |",
    ]);
    expect(markdown).toContain(
      "| **T02** Manual image change (hotfix attempt) | Pod restarts; Argo detects image drift; Reverts back to Git image; Emergency hotfixes without Git are temporary illusions. | ❌ failed | Timed out after 60.0 s waiting for the Git image \\| back | none |",
    );
    expect(markdown.find((l) => l.startsWith("| **T01**"))).toContain(
      "| ✅ verified | self-heal: back to 1 replica after 6.8 s | 1 of 2 caught, 1 not run |",
    );
  });

  it("draws the front page as self-contained HTML, linking each lab and control to its result", () => {
    const html = frontPageHtml(lines, {
      title: "GitOps <course>",
      evidence: "evidence",
      environment: ["argocd.version: v3.6.1"],
    });
    expect(html).toContain("<title>GitOps &lt;course&gt;</title>");
    expect(html).toContain('<span class="badge verified">verified</span>');
    expect(html).toMatch(/<a href="evidence\/index.html#[0-9a-f]{32}"><strong>T01<\/strong>/);
    expect(html).toMatch(/<a href="evidence\/index.html#[0-9a-f]{32}">self-heal: caught<\/a>/);
    expect(html).toContain("the lab&#39;s action: not run".replace("&#39;", "'"));
    expect(html).not.toMatch(/<(script|link)\b|src="http/);
    // The course's commands, each with how the spec runs it.
    expect(html).toMatch(/<h3>Course coverage: \d+ of \d+ course commands run verbatim<\/h3>/);
    expect(html).toContain(
      "<code>kubectl -n grade scale deployment grade-submission-api --replicas=3</code>",
    );
  });
});

// The CLI end to end, as CI calls it.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "job-summary-"));
  await writeFile(path.join(dir, "t01-result.json"), JSON.stringify(T01));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const summary = async (...args: string[]) => {
  const summaryFile = path.join(dir, "step-summary.md");
  await writeFile(summaryFile, "");
  const run = await execute(localBin("tsx", "helpers/cli/job-summary.ts", ...args), {
    env: { ...process.env, GITHUB_STEP_SUMMARY: summaryFile },
  });
  expect(run.exitCode, run.stderr).toBe(0);
  return { stdout: run.stdout, file: await readFile(summaryFile, "utf8") };
};

describe("the CI job summary (npm run job-summary)", () => {
  it("appends the table to $GITHUB_STEP_SUMMARY, and leads with a fresh setup failure only", async () => {
    const fresh = path.join(dir, "setup-failure.txt");
    await writeFile(fresh, "Infrastructure: Docker is not running. Start it.\n");
    const empty = await summary(
      path.join(dir, "empty"),
      "--controls",
      path.join(dir, "none"),
      "--setup-failure",
      fresh,
    );
    expect(empty.stdout).toBe(
      "### Labs\n\n**Cluster setup failed; no lab ran.** Infrastructure: Docker is not running. Start it.\n\n" +
        "No lab results were written.\n",
    );
    // Written before the lab finished: from an earlier run.
    await utimes(fresh, new Date(0), new Date(0));
    const { stdout, file } = await summary(
      dir,
      "--controls",
      path.join(dir, "none"),
      "--setup-failure",
      fresh,
    );
    expect(file).toBe(`${stdout}\n`);
    expect(stdout).not.toContain("Docker is not running");
    expect(stdout).toContain("1 of 24 claims verified");
  }, 60_000);

  it("reads the setup failure from where global setup writes it", () => {
    expect(SETUP_FAILURE_FILE).toBe(path.join(REPORTS_DIR, "setup-failure.txt"));
  });
});
