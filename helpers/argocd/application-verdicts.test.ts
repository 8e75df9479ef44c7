import { describe, expect, it } from "vitest";
import { appRef } from "./app-ref";
import {
  canIVerdict,
  describeApplication,
  healthIsVerdict,
  historyContainsVerdict,
  noSyncOperationSince,
  operationRevision,
  outOfSyncAtVerdict,
  syncedAtVerdict,
  syncRevisionIsVerdict,
} from "./application-expectations";
import type { Application } from "./application-types";
import {
  sampleApplication as application,
  NEW_SHA as NEW,
  OLD_SHA as OLD,
  sampleOperation as op,
} from "./sample-applications";

describe("the other verdicts", () => {
  it("OutOfSync at a revision (manual mode after a commit)", () => {
    expect(
      outOfSyncAtVerdict(application({ automated: false, sync: "OutOfSync", revision: NEW }), NEW).state,
    ).toBe("pass");
    expect(
      outOfSyncAtVerdict(application({ automated: false, sync: "OutOfSync", revision: OLD }), NEW).state,
    ).toBe("pending");
  });

  it("health", () => {
    expect(healthIsVerdict(application({ health: "Degraded" }), "Degraded").state).toBe("pass");
    expect(healthIsVerdict(application({ health: "Progressing" }), "Healthy")).toEqual({
      state: "pending",
      message: "sync=Synced health=Progressing revision=9f8e7d6 operation=none (waiting for health Healthy)",
    });
  });

  it("sync revision: the status belongs to the new commit only once it names it", () => {
    expect(syncRevisionIsVerdict(application({ sync: "OutOfSync", revision: OLD }), NEW).state).toBe(
      "pending",
    );
    expect(syncRevisionIsVerdict(application({ sync: "OutOfSync", revision: NEW }), NEW).state).toBe("pass");
  });

  it("history contains a revision", () => {
    expect(historyContainsVerdict(application({ history: [OLD, NEW] }), NEW).message).toContain(
      "history #1 at 1a2b3c4",
    );
    const audited = application({ history: [OLD, NEW] });
    const last = audited.status?.history?.[1];
    if (last) Object.assign(last, { deployedAt: "2025-11-26T14:05:00Z", initiatedBy: { automated: true } });
    expect(historyContainsVerdict(audited, NEW).message).toContain(
      "history #1 at 1a2b3c4, deployed 2025-11-26T14:05:00Z by auto-sync",
    );
    expect(historyContainsVerdict(application({ history: [OLD] }), NEW)).toMatchObject({
      state: "pending",
      message: expect.stringContaining("history=[#0 9f8e7d6] (waiting for an entry at 1a2b3c4)"),
    });
    expect(
      historyContainsVerdict(application({ history: [OLD], operation: op("Failed", NEW) }), NEW).state,
    ).toBe("fail");
  });
});

describe("the other verdicts, in detail", () => {
  it("OutOfSync: waits for the comparison against the awaited revision", () => {
    expect(outOfSyncAtVerdict(application({ sync: "OutOfSync", revision: NEW }), NEW)).toEqual({
      state: "pass",
      message: "sync=OutOfSync health=Healthy revision=1a2b3c4 operation=none",
    });
    expect(outOfSyncAtVerdict(application({ sync: "OutOfSync", revision: OLD }), NEW).message).toBe(
      "sync=OutOfSync health=Healthy revision=9f8e7d6 operation=none (waiting for OutOfSync at 1a2b3c4; " +
        "the status still describes 9f8e7d6, so Argo CD has not compared 1a2b3c4 yet)",
    );
    expect(outOfSyncAtVerdict(application({ sync: "Synced", revision: NEW }), NEW).message).toBe(
      "sync=Synced health=Healthy revision=1a2b3c4 operation=none (waiting for OutOfSync at 1a2b3c4)",
    );
    expect(outOfSyncAtVerdict(undefined, NEW).message).toBe(
      "the Application does not exist (yet) (waiting for OutOfSync at 1a2b3c4)",
    );
  });

  it("Synced: not at another revision, and no stale note before any comparison", () => {
    expect(syncedAtVerdict(application({ sync: "OutOfSync", revision: NEW }), NEW).message).toBe(
      "sync=OutOfSync health=Healthy revision=1a2b3c4 operation=none (waiting for Synced at 1a2b3c4)",
    );
    const never = application({});
    if (never.status?.sync) never.status.sync.revision = undefined;
    expect(syncedAtVerdict(never, NEW).message).toBe(
      "sync=Synced health=Healthy revision=none operation=none (waiting for Synced at 1a2b3c4)",
    );
  });

  it("health and sync revision: pending with the state while the app does not exist", () => {
    expect(healthIsVerdict(undefined, "Healthy").message).toBe(
      "the Application does not exist (yet) (waiting for health Healthy)",
    );
    expect(syncRevisionIsVerdict(undefined, NEW).message).toBe(
      "the Application does not exist (yet) (waiting for Argo CD to compare against 1a2b3c4)",
    );
    expect(syncRevisionIsVerdict(application({ revision: NEW }), NEW).message).toBe(
      "sync=Synced health=Healthy revision=1a2b3c4 operation=none",
    );
  });

  it("history: says who deployed, and fails an entry a person deployed when auto-sync was promised", () => {
    const byAdmin = application({ history: [OLD, NEW] });
    const entry = byAdmin.status?.history?.[1];
    if (entry) entry.initiatedBy = { username: "admin" };
    expect(historyContainsVerdict(byAdmin, NEW).message).toBe(
      "sync=Synced health=Healthy revision=9f8e7d6 operation=none history #1 at 1a2b3c4, deployed ? by admin",
    );
    expect(historyContainsVerdict(byAdmin, NEW, { automated: true })).toEqual({
      state: "fail",
      message: "history #1 at 1a2b3c4 was deployed by admin, not by an automated sync",
    });
    expect(historyContainsVerdict(application({ history: [NEW] }), NEW, { automated: true }).message).toBe(
      "history #0 at 1a2b3c4 was deployed by unknown, not by an automated sync",
    );
    expect(historyContainsVerdict(undefined, NEW)).toEqual({
      state: "pending",
      message: "the Application does not exist (yet) history=[empty] (waiting for an entry at 1a2b3c4)",
    });
    expect(
      historyContainsVerdict(application({ history: [OLD], operation: op("Failed", NEW, "boom") }), NEW)
        .message,
    ).toBe(
      'sync=Synced health=Healthy revision=9f8e7d6 operation=Failed at 1a2b3c4 "boom" history=[#0 9f8e7d6]: ' +
        "the sync to 1a2b3c4 ended Failed: boom; auto-sync does not retry a revision whose last sync failed " +
        "(Failed last sync attempt); it needs a new commit or a manual sync",
    );
  });

  it("can-i: passes on the expected answer, either way", () => {
    expect(canIVerdict(false, false)).toEqual({ state: "pass", message: "can-i answers no" });
    expect(canIVerdict(true, false)).toEqual({
      state: "pending",
      message: "can-i answers yes (waiting for no)",
    });
  });
});

describe("what the verdicts quote, at the edges", () => {
  it("clips a message only beyond 200 characters", () => {
    const exactly = "y".repeat(200);
    expect(describeApplication(application({ operation: { phase: "Running", message: exactly } }))).toContain(
      `"${exactly}"`,
    );
  });

  it("lists every condition and history entry, and names a failure without a message", () => {
    const app = application({
      history: [OLD, OLD.replace("9f", "8e")],
      operation: { phase: "Failed", syncResult: { revision: NEW } },
      conditions: [
        { type: "ComparisonError", message: "a" },
        { type: "SyncError", message: "b" },
      ],
    });
    expect(describeApplication(app)).toContain("conditions=[ComparisonError: a; SyncError: b]");
    expect(historyContainsVerdict(app, NEW).message).toContain(
      "history=[#0 9f8e7d6, #1 8e8e7d6]: the sync to 1a2b3c4 ended Failed: ; auto-sync does not retry",
    );
    expect(operationRevision({ operation: {} })).toBeUndefined();
  });

  it("no sync since: says the app is not readable, and passes an app without status", async () => {
    const since = new Date("2025-11-26T14:00:00Z");
    const read = (app: Application | undefined) => appRef("t04-grade-api", async () => app);
    expect(await noSyncOperationSince(read(undefined), since).check()).toEqual({
      state: "pending",
      message: "the Application is not readable",
    });
    expect(
      (await noSyncOperationSince(read({ metadata: { name: "t04-grade-api" } }), since).check()).state,
    ).toBe("pass");
  });
});
