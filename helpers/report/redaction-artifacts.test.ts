import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execute } from "../exec/run-command";
import { MAIN_SECRET, PLANTED_USER, WORKER_SECRET } from "../lab/sample/planted-secrets";
import { localBin } from "../project/local-bin";
import { encodedForms } from "./redaction";

/**
 * The whole reporting path, end to end: a real vitest run with the suite's own reporters
 * (console, Allure, junit) over a spec that throws every error type carrying foreign text
 * with planted secrets in every field (helpers/lab/sample/redaction-errors.sample.ts);
 * then everything the run wrote is searched for the secrets in each of their forms.
 */
const CONFIG = "helpers/lab/sample/vitest.redaction.sample.config.ts";

/** The forms searched for: the code's own list, and the plain encodings built here, apart from it. */
function formsOf(secret: string, user?: string): string[] {
  const xml = (text: string) =>
    text
      .replaceAll("&", "&amp;")
      .replaceAll('"', "&quot;")
      .replaceAll("'", "&apos;")
      .replaceAll("<", "&lt;")
      .replaceAll(">", "&gt;");
  const plain = [
    secret,
    xml(secret),
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    Buffer.from(secret).toString("base64"),
    ...(user ? [Buffer.from(`${user}:${secret}`).toString("base64")] : []),
  ];
  return [...new Set([...plain, ...encodedForms(secret, user)])];
}

const workerForms = formsOf(WORKER_SECRET, PLANTED_USER);
const mainForms = formsOf(MAIN_SECRET);

let out: string;
let files: Map<string, string>;
let terminal: string;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Each file (or the terminal) that holds a form, with the form's index in `forms`. */
function leaks(texts: Map<string, string>, forms: readonly string[]): string[] {
  return [...texts].flatMap(([name, text]) =>
    forms.flatMap((form, i) => (text.includes(form) ? [`${name}: form ${i} (${form})`] : [])),
  );
}

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), "redaction-sample-"));
  const run = await execute(localBin("vitest", "run", "--config", CONFIG), {
    env: {
      ...process.env,
      REDACTION_SAMPLE_OUT: out,
      ALLURE_RESULTS_DIR: path.join(out, "allure-results"),
    },
  });
  terminal = `${run.stdout}\n${run.stderr}`;
  // Every sample test fails on purpose.
  expect(run.exitCode, terminal).toBe(1);
  const paths = await filesUnder(out);
  files = new Map(
    await Promise.all(
      paths.map(async (p) => [path.relative(out, p), await readFile(p, "utf8")] as [string, string]),
    ),
  );
}, 90_000);

afterAll(() => rm(out, { recursive: true, force: true }));

describe("a run that fails with planted secrets in every error field", () => {
  it("writes junit.xml and the Allure results, with the errors' serialized fields in them", () => {
    const junit = files.get("reports/junit.xml") ?? "";
    for (const name of [
      "CommandFailedError",
      "ArgoCdApiError",
      "ArgoCdTransportError",
      "WaitTimeoutError",
      "WaitFailedError",
      "WaitAbortedError",
      "HoldViolatedError",
    ])
      expect(junit).toContain(`type="${name}"`);
    // The fields that leaked before: they are still written, redacted.
    for (const field of ["transcript", "serverMessage", "lastState", "description"])
      expect(junit).toMatch(new RegExp(`${field}[^\\n]*\\[REDACTED\\]`));
    expect(junit).toContain("setup failed for [REDACTED]");
    expect(junit).toContain("the admin password is [REDACTED]");
    expect([...files.keys()].some((f) => f.startsWith("allure-results/") && f.endsWith("-result.json"))).toBe(
      true,
    );
  });

  it("leaves no form of the worker's secret in any file it writes", () => {
    expect(leaks(files, workerForms)).toEqual([]);
  });

  it("leaves no form of the global setup's secret in any file it writes", () => {
    expect(leaks(files, mainForms)).toEqual([]);
  });

  it("prints no form of either secret to the console, but the global setup's in a test's own console output", () => {
    expect(leaks(new Map([["terminal", terminal]]), workerForms)).toEqual([]);
    // vitest's console reporter prints a test's console.log at once, before any reporter of
    // ours sees it, and the worker does not know this secret: junit.xml's copy is redacted.
    const rest = terminal
      .split("\n")
      .filter((line) => !line.includes("the admin password is"))
      .join("\n");
    expect(leaks(new Map([["terminal", rest]]), mainForms)).toEqual([]);
  });
});
