import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execute } from "../exec/run-command";
import type { CommandTranscript } from "../exec/transcript";
import { localBin } from "../project/local-bin";
import { REPORTS_DIR } from "../project/paths";
import { chromiumCandidate, chromiumPath, launchChromium } from "./headless-chromium";
import { LAB_ID_LABEL } from "./labels";
import { PLANTED_SECRET } from "./sample/planted-secret";
import { serveDirectory } from "./static-server";
import { stripReportAnalytics } from "./strip-analytics";

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

let workDir: string;
let resultsDir: string;
let results: AllureResult[];
let files: string[];

// One sample run for the whole file: its results, then the HTML report generated from them.
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "allure-sample-"));
  resultsDir = path.join(workDir, "allure-results");
  const run = await execute(
    localBin("vitest", "run", "--config", "helpers/report/sample/vitest.sample.config.ts"),
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

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await rm(workDir, { recursive: true, force: true });
});

let html: Promise<{ out: string; run: CommandTranscript }> | undefined;
/** `allure generate` over the sample's results, as npm run report does: once, for every test that reads the HTML. */
function generateHtml(): Promise<{ out: string; run: CommandTranscript }> {
  html ??= (async () => {
    const out = path.join(workDir, "allure-report");
    // No history: a sample must never land in a real run's history file.
    const { ALLURE_HISTORY_PATH: _, ...env } = process.env;
    return { out, run: await execute(localBin("allure", "generate", resultsDir, "-o", out), { env }) };
  })();
  return html;
}

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
    const { out, run } = await generateHtml();
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(await readdir(out)).toContain("index.html");
  }, 60_000);
});

const browser = chromiumPath();
const SCREENSHOT = path.join(REPORTS_DIR, "report-selftest.png");
const LAB_TEST = "a sample lab reports its labels, nested steps and transcripts";

/** The report's ID for a test, from the report's own index. */
async function testResultId(reportDir: string, name: string): Promise<string> {
  const index = JSON.parse(await readFile(path.join(reportDir, "test-results.json"), "utf8")) as {
    byId: Record<string, { name: string }>;
  };
  const id = Object.entries(index.byId).find(([, r]) => r.name === name)?.[0];
  if (!id) throw new Error(`the report has no test named ${name}`);
  return id;
}

describe("the HTML report, read in a browser", () => {
  it.skipIf(!browser)(
    browser
      ? "shows a lab's page with its steps and attachments, loading nothing from outside (headless Chromium)"
      : `shows a lab's page in headless Chromium: skipped, no browser at ${chromiumCandidate()} (apt-get install chromium, or set CHROMIUM_PATH)`,
    async () => {
      // As npm run report:site publishes it: generated, then without the analytics tags.
      const { out: report, run } = await generateHtml();
      expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(await stripReportAnalytics(report)).toBe(1);
      const server = await serveDirectory(report);
      cleanups.push(() => server.close());
      const chromium = await launchChromium(browser ?? "");
      cleanups.push(() => chromium.close());

      // Anything leaving 127.0.0.1 is recorded and refused: the published report must stand alone.
      const outside: string[] = [];
      await chromium.context.route(
        (url) => url.origin !== server.origin,
        (route) => {
          outside.push(route.request().url());
          return route.abort();
        },
      );
      const page = await chromium.context.newPage();
      // The front page: the report's name from allurerc.mjs, labs grouped under their course project.
      await page.goto(`${server.origin}/index.html`);
      await page.getByText("GitOps course conformance", { exact: true }).first().waitFor();
      await page.getByText("Sample project", { exact: true }).first().waitFor();

      await page.goto(`${server.origin}/index.html#${await testResultId(report, LAB_TEST)}`);

      await page.getByText(LAB_TEST, { exact: true }).first().waitFor();
      await page.getByText("Human: run a command", { exact: true }).waitFor();
      await page.getByText("transcript: git --version", { exact: true }).waitFor();
      await page.getByText("Sample lab", { exact: true }).first().waitFor();

      await mkdir(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
      expect(outside).toEqual([]);
    },
    90_000,
  );
});
