import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execute } from "../exec/run-command";
import { LAB_ID_LABEL } from "./labels";
import { PLANTED_SECRET } from "./sample/planted-secret";

interface AllureStep {
  name: string;
  status?: string;
  steps: AllureStep[];
  attachments: { name: string; source: string }[];
}
interface AllureResult extends AllureStep {
  status: string;
  labels: { name: string; value: string }[];
  statusDetails?: { message?: string };
}

let resultsDir: string;
let results: AllureResult[];
let files: string[];

beforeAll(async () => {
  resultsDir = await mkdtemp(path.join(tmpdir(), "allure-sample-"));
  const run = await execute(
    ["npx", "vitest", "run", "--config", "helpers/report/sample/vitest.sample.config.ts"],
    {
      env: { ...process.env, ALLURE_RESULTS_DIR: resultsDir },
    },
  );
  // One sample test fails on purpose, so vitest exits 1.
  expect(run.exitCode, run.stderr).toBe(1);
  files = await readdir(resultsDir);
  results = await Promise.all(
    files
      .filter((f) => f.endsWith("-result.json"))
      .map(async (f) => JSON.parse(await readFile(path.join(resultsDir, f), "utf8")) as AllureResult),
  );
}, 60_000);

afterAll(() => rm(resultsDir, { recursive: true, force: true }));

const byName = (name: string) => {
  const found = results.find((r) => r.name === name);
  if (!found) throw new Error(`no result named ${name}; have ${results.map((r) => r.name).join(", ")}`);
  return found;
};
// Allure 3 records each attachment as a child step carrying it.
const attachmentsUnder = (s: AllureStep): AllureStep["attachments"] => [
  ...(s.attachments ?? []),
  ...(s.steps ?? []).flatMap(attachmentsUnder),
];
const label = (r: AllureResult, name: string) => r.labels.find((l) => l.name === name)?.value;

describe("the Allure report of a lab", () => {
  it("carries epic, feature, story and the lab ID", () => {
    const lab = byName("a sample lab reports its labels, nested steps and transcripts");
    expect(lab.status).toBe("passed");
    expect(label(lab, "epic")).toBe("Sample project");
    expect(label(lab, "feature")).toBe("Sample module");
    expect(label(lab, "story")).toBe("Sample lab");
    expect(label(lab, LAB_ID_LABEL)).toBe("T99");
  });

  it("nests steps and attaches command transcripts inside them", async () => {
    const lab = byName("a sample lab reports its labels, nested steps and transcripts");
    const human = lab.steps.find((s) => s.name === "Human: run a command");
    expect(human?.steps.map((s) => s.name)).toEqual(["git --version", "Nested: note what was seen"]);
    const [gitStep] = human?.steps ?? [];
    const transcript = gitStep && attachmentsUnder(gitStep)[0];
    expect(transcript?.name).toBe("transcript: git --version");
    const text = await readFile(path.join(resultsDir, transcript?.source ?? ""), "utf8");
    expect(text).toMatch(/^\$ git --version\n--- stdout\ngit version \d/);
    expect(text).toMatch(/--- exit code 0 after \d+\.\d\d s$/);
  });

  it("shows a refusal the course promises as a passed step saying so, and any other failure as broken", () => {
    const lab = byName("a sample lab whose promised refusal is a passed step");
    expect(lab.status).toBe("passed");
    expect(lab.steps.map((s) => [s.name, s.status])).toEqual([
      ["User: sync: refused, as the course promises", "passed"],
      ["User: delete", "broken"],
    ]);
  });

  it("redacts registered secrets from every file it writes", async () => {
    const contents = await Promise.all(files.map((f) => readFile(path.join(resultsDir, f), "utf8")));
    expect(contents.some((c) => c.includes("the admin password is [REDACTED]"))).toBe(true);
    expect(contents.filter((c) => c.includes(PLANTED_SECRET))).toEqual([]);
  });

  it("records a failed assertion with its message, and writes the failure categories", async () => {
    const failing = byName("a sample lab that fails on its assertion");
    expect(failing.status).toBe("failed");
    expect(failing.statusDetails?.message).toContain("the app's sync status");
    const categories = JSON.parse(await readFile(path.join(resultsDir, "categories.json"), "utf8")) as {
      name: string;
    }[];
    expect(categories.map((c) => c.name)).toEqual([
      "Infrastructure failures (cluster boot, installs, Docker)",
      "Timeouts (an expected state was not reached in time)",
      "Lab assertion failures (the course's claim did not hold)",
      "Harness errors",
    ]);
  });

  it("generates the HTML report offline with the allure CLI", async () => {
    const out = path.join(resultsDir, "html");
    const run = await execute(["npx", "allure", "generate", resultsDir, "-o", out]);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(await readdir(out)).toContain("index.html");
  }, 60_000);
});
