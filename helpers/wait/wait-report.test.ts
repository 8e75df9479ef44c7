import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { clearSecretsForTest, REDACTED, registerSecret } from "../report/redaction";
import { expectation, pass } from "./expectation";
import { waitUntil } from "./wait-until";

/** What the Allure report would get: each step's name, its final name and its parameters. */
const report = vi.hoisted(() => {
  // Workers share modules across files (isolate: false): the step module another file loaded
  // holds the real Allure, so this file loads its own, which gets the mock below.
  vi.resetModules();
  return { steps: [] as { name: string; displayName?: string; parameters: Record<string, string> }[] };
});

vi.mock("allure-js-commons", async (importOriginal) => ({
  ...(await importOriginal<typeof import("allure-js-commons")>()),
  step: async (name: string, body: (context: unknown) => unknown) => {
    const entry: (typeof report.steps)[number] = { name, parameters: {} };
    report.steps.push(entry);
    return body({
      displayName: (displayName: string) => {
        entry.displayName = displayName;
      },
      parameter: (key: string, value: string) => {
        entry.parameters[key] = value;
      },
    });
  },
}));

afterEach(() => {
  report.steps.length = 0;
  clearSecretsForTest();
});
// The next file in this worker loads the step module again, with the real Allure.
afterAll(() => {
  vi.resetModules();
});

describe("a wait in the lab's report", () => {
  it("is one step, renamed with how long the state took, with the state seen as a parameter, redacted", async () => {
    registerSecret("token-abcdef");
    await waitUntil(expectation("the repo to be connected", () => pass("connected with token-abcdef")));
    expect(report.steps).toEqual([
      {
        name: "Wait until the repo to be connected",
        displayName: "Wait until the repo to be connected: reached after 0.0 s",
        parameters: { "state seen": `connected with ${REDACTED}` },
      },
    ]);
  });
});
