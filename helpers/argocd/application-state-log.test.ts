import { KubeConfig } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { ApplicationStateLog } from "./application-state-log";
import type { Application } from "./application-types";

const app = (sync: "Synced" | "OutOfSync", revision = "1a2b3c4d"): Application => ({
  metadata: { name: "grade-api-t01" },
  status: { sync: { status: sync, revision }, health: { status: "Healthy" } },
});

/** A log fed by hand: record() is what the watch calls for every event. */
function logFedByHand(): ApplicationStateLog {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "c", server: "http://127.0.0.1:1" }],
    users: [{ name: "u" }],
    contexts: [{ name: "x", cluster: "c", user: "u" }],
    currentContext: "x",
  });
  return Reflect.construct(ApplicationStateLog, [kc, "grade-api-t01"]) as ApplicationStateLog;
}

describe("the Application's state log", () => {
  it("proves a brief OutOfSync happened after the action, even though it is Synced again now", async () => {
    const log = logFedByHand();
    log.record(app("Synced"), 100);
    const action = 200;
    log.record(app("OutOfSync"), 250);
    log.record(app("Synced"), 260);
    const verdict = await log
      .seen("OutOfSync", action, (a) => a.status?.sync?.status === "OutOfSync")
      .check();
    expect(verdict.state).toBe("pass");
    expect(verdict.message).toMatch(/^seen 0\.1 s after the action: sync=OutOfSync/);
  });

  it("does not count what was seen before the action, and says what it saw since", async () => {
    const log = logFedByHand();
    log.record(app("OutOfSync"), 100);
    log.record(app("Synced"), 150);
    const verdict = await log.seen("OutOfSync", 200, (a) => a.status?.sync?.status === "OutOfSync").check();
    expect(verdict).toEqual({ state: "pending", message: "0 state(s) since the action, last: none" });
  });

  it("keeps only changes", () => {
    const log = logFedByHand();
    log.record(app("Synced"), 1);
    log.record(app("Synced"), 2);
    expect(log.states).toHaveLength(1);
  });
});
