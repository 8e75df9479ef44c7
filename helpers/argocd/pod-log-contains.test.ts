import { describe, expect, it } from "vitest";
import { waitUntil } from "../wait/wait-until";
import { logContainsVerdict, podLogContains } from "./pod-log-contains";

/** What node prints when app.js throws at start (the T04 crash). */
const CRASH_LOG = [
  "/app/app.js:32",
  'throw new Error("Production crash");',
  "^",
  "",
  "Error: Production crash",
  "    at Object.<anonymous> (/app/app.js:32:7)",
  "",
  "Node.js v24.11.1",
].join("\n");

describe("a pod's log through Argo CD", () => {
  it("passes on the line that holds the text", () => {
    expect(logContainsVerdict(CRASH_LOG, "Production crash")).toEqual({
      state: "pass",
      message: 'the log has: throw new Error("Production crash");',
    });
  });

  it("stays pending on an empty log or one without it (a container read between two runs)", () => {
    expect(logContainsVerdict("", "Production crash")).toEqual({
      state: "pending",
      message: "the log is empty",
    });
    const refused =
      'container "app" in pod "grade-submission-api-7c9d8e6f4a-p7wmz" is waiting to start: ContainerCreating';
    expect(logContainsVerdict(refused, "Production crash")).toEqual({
      state: "pending",
      message: `1 log line(s) without it, the last: ${refused}`,
    });
  });

  it("asks for the pod and container it was given, until the text comes", async () => {
    const asked: unknown[] = [];
    const logs = ["", CRASH_LOG];
    const api = {
      podLogs: async (name: string, query: unknown) => {
        asked.push({ name, query });
        return logs.shift() ?? CRASH_LOG;
      },
    };
    const query = {
      podName: "grade-submission-api-7c9d8e6f4a-p7wmz",
      namespace: "t05-ab12",
      container: "app",
    };
    await waitUntil(podLogContains(api, "grade-api-t05", query, "Production crash"), { timeout: 2_000 });
    expect(asked).toEqual([
      { name: "grade-api-t05", query },
      { name: "grade-api-t05", query },
    ]);
  });
});
