import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { execute } from "../exec/run-command";
import { REPORTS_DIR } from "../project/paths";
import { chromiumCandidate, chromiumPath, launchChromium } from "./headless-chromium";
import { serveDirectory } from "./static-server";
import { stripReportAnalytics } from "./strip-analytics";

const browser = chromiumPath();
const SCREENSHOT = path.join(REPORTS_DIR, "report-selftest.png");
const LAB_TEST = "a sample lab reports its labels, nested steps and transcripts";

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A sample lab run through vitest and the suite's reporter, then `allure generate` as npm run report:site does. */
async function generateSampleReport(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "report-browser-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const results = path.join(dir, "allure-results");
  const out = path.join(dir, "allure-report");
  const run = await execute(
    ["npx", "vitest", "run", "--config", "helpers/report/sample/vitest.sample.config.ts"],
    {
      env: { ...process.env, ALLURE_RESULTS_DIR: results },
    },
  );
  // One sample fails on purpose.
  expect(run.exitCode, run.stderr).toBe(1);
  // No history: a sample must never land in a real run's history file.
  const { ALLURE_HISTORY_PATH: _, ...env } = process.env;
  const generate = await execute(["npx", "allure", "generate", results, "-o", out], { env });
  expect(generate.exitCode, `${generate.stdout}\n${generate.stderr}`).toBe(0);
  expect(await stripReportAnalytics(out)).toBe(1);
  return out;
}

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
      const report = await generateSampleReport();
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
