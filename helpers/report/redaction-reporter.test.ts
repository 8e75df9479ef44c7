import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunnerTask } from "vitest";
import { afterEach, describe, expect, it } from "vitest";
import { clearSecretsForTest, REDACTED, registerSecret } from "./redaction";
import { redactFile, redactTask } from "./redaction-reporter";

afterEach(() => clearSecretsForTest());

const SECRET = "reporter-secret-42";

describe("redactFile", () => {
  it("redacts a written file in place, in its XML-escaped form too, and leaves a missing one alone", async () => {
    registerSecret(`${SECRET}&<>`);
    const dir = await mkdtemp(path.join(tmpdir(), "redact-file-"));
    try {
      const file = path.join(dir, "junit.xml");
      await writeFile(file, `<failure message="${SECRET}&amp;&lt;&gt;"/>`);
      await redactFile(file);
      expect(await readFile(file, "utf8")).toBe(`<failure message="${REDACTED}"/>`);
      await expect(redactFile(path.join(dir, "absent.xml"))).resolves.toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("redactTask", () => {
  it("redacts the errors and console output of a test file, its suites and its tests", () => {
    registerSecret(SECRET);
    const error = () => [{ message: `failed: ${SECRET}`, stack: SECRET, diff: `- ${SECRET}` }];
    const test = {
      type: "test",
      result: { state: "fail", errors: error() },
      logs: [{ content: `log ${SECRET}`, type: "stdout" }],
    };
    const suite = { type: "suite", result: { state: "fail", errors: error() }, tasks: [test] };
    const file = { type: "suite", result: { state: "fail" }, tasks: [suite] };
    redactTask(file as unknown as RunnerTask);
    const text = JSON.stringify(file);
    expect(text).not.toContain(SECRET);
    expect(test.result.errors[0]?.message).toBe(`failed: ${REDACTED}`);
    expect(test.logs[0]?.content).toBe(`log ${REDACTED}`);
  });
});
