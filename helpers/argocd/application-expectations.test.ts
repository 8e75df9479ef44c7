import { describe, expect, it } from "vitest";
import {
  describeApplication,
  operationRevision,
  sameRevision,
  shortSha,
  syncedAtVerdict,
  terminalFailureAt,
} from "./application-expectations";
import {
  type AppState,
  sampleApplication as application,
  NEW_SHA as NEW,
  OLD_SHA as OLD,
  sampleOperation as op,
} from "./sample-applications";

describe("describing an Application", () => {
  it("says sync, health, revision and operation in one line", () => {
    expect(
      describeApplication(application({ sync: "OutOfSync", revision: NEW, operation: op("Running", NEW) })),
    ).toBe("sync=OutOfSync health=Healthy revision=1a2b3c4 operation=Running at 1a2b3c4");
    expect(describeApplication(undefined)).toBe("the Application does not exist (yet)");
    expect(describeApplication(application({ requested: true, refresh: true }))).toBe(
      "sync=Synced health=Healthy revision=9f8e7d6 operation=Requested (not started) refresh=requested (not reconciled yet)",
    );
  });

  it("matches a revision by its abbreviation, but not by too short a prefix", () => {
    expect(sameRevision(NEW, "1a2b3c4")).toBe(true);
    expect(sameRevision("1a2b3c4", NEW)).toBe(true);
    expect(sameRevision(NEW, "1a2b")).toBe(false);
    expect(sameRevision(undefined, NEW)).toBe(false);
    expect(sameRevision(OLD, NEW)).toBe(false);
  });
});

describe("Synced at a revision", () => {
  it("passes when Synced at that revision", () => {
    expect(syncedAtVerdict(application({ revision: NEW }), "1a2b3c4")).toEqual({
      state: "pass",
      message: "sync=Synced health=Healthy revision=1a2b3c4 operation=none",
    });
  });

  it("is pending when Synced at the previous revision, saying that Argo CD has not compared the new one", () => {
    const verdict = syncedAtVerdict(application({ revision: OLD }), NEW);
    expect(verdict.state).toBe("pending");
    expect(verdict.message).toBe(
      "sync=Synced health=Healthy revision=9f8e7d6 operation=none (waiting for Synced at 1a2b3c4; " +
        "the status still describes 9f8e7d6, so Argo CD has not compared 1a2b3c4 yet)",
    );
  });

  it("is pending while auto-sync retries (phase stays Running)", () => {
    const retrying = application({
      sync: "OutOfSync",
      revision: NEW,
      requested: true,
      operation: op("Running", NEW, "one or more objects failed to apply. Retrying attempt #2 at 10:00:05"),
    });
    const verdict = syncedAtVerdict(retrying, NEW);
    expect(verdict.state).toBe("pending");
    expect(verdict.message).toContain(
      'operation=Running at 1a2b3c4 "one or more objects failed to apply. Retrying attempt #2',
    );
  });

  it("fails at once when the sync to that revision Failed and auto-sync will not retry it", () => {
    const failed = application({
      sync: "OutOfSync",
      revision: NEW,
      operation: op("Failed", NEW, "one or more objects failed to apply (retried 5 times)."),
      conditions: [
        { type: "SyncError", message: `Failed last sync attempt to [${NEW}]: one or more objects failed` },
      ],
    });
    const verdict = syncedAtVerdict(failed, NEW);
    expect(verdict.state).toBe("fail");
    expect(verdict.message).toContain("auto-sync gave up on 1a2b3c4: Failed last sync attempt to");
  });

  it("fails on a Failed or Error operation for that revision even before the condition is written", () => {
    for (const phase of ["Failed", "Error"] as const) {
      const verdict = syncedAtVerdict(
        application({ sync: "OutOfSync", revision: NEW, operation: op(phase, NEW, "boom") }),
        NEW,
      );
      expect(verdict.state).toBe("fail");
      expect(verdict.message).toContain(`the sync to 1a2b3c4 ended ${phase}: boom; auto-sync does not retry`);
    }
    const manual = syncedAtVerdict(
      application({
        automated: false,
        sync: "OutOfSync",
        revision: NEW,
        operation: op("Failed", NEW, "boom"),
      }),
      NEW,
    );
    expect(manual.message).toContain("the sync policy is manual, so nothing retries it");
  });

  it("does not fail on a failure of another revision, or when a new operation was requested", () => {
    expect(
      syncedAtVerdict(application({ sync: "OutOfSync", revision: NEW, operation: op("Failed", OLD) }), NEW)
        .state,
    ).toBe("pending");
    expect(
      syncedAtVerdict(
        application({ sync: "OutOfSync", revision: NEW, operation: op("Failed", NEW), requested: true }),
        NEW,
      ).state,
    ).toBe("pending");
  });

  it("fails when auto-sync refuses to prune everything", () => {
    const wipe = application({
      sync: "OutOfSync",
      revision: NEW,
      conditions: [
        {
          type: "SyncError",
          message: `Skipping sync attempt to [${NEW}]: auto-sync will wipe out all resources`,
        },
      ],
    });
    expect(syncedAtVerdict(wipe, NEW).state).toBe("fail");
  });

  it("is pending while the Application does not exist", () => {
    expect(syncedAtVerdict(undefined, NEW)).toEqual({
      state: "pending",
      message: "the Application does not exist (yet) (waiting for Synced at 1a2b3c4)",
    });
  });
});

describe("describing an Application, in detail", () => {
  it("shortens full SHAs only, and says none when there is no revision", () => {
    expect(shortSha(NEW)).toBe("1a2b3c4");
    expect(shortSha(NEW.toUpperCase())).toBe("1A2B3C4");
    expect(shortSha("main")).toBe("main");
    expect(shortSha(`${NEW}0`)).toBe(`${NEW}0`);
    expect(shortSha(undefined)).toBe("none");
    expect(shortSha("")).toBe("none");
  });

  it("matches an abbreviation whatever its case, from 7 characters, and never an empty revision", () => {
    expect(sameRevision(NEW.toUpperCase(), "1a2b3c4")).toBe(true);
    expect(sameRevision("1a2b3c4", NEW.toUpperCase())).toBe(true);
    expect(sameRevision(NEW, "1a2b3c")).toBe(false);
    expect(sameRevision(NEW, "2b3c4d5")).toBe(false);
    expect(sameRevision("", "")).toBe(false);
    expect(sameRevision(NEW, "")).toBe(false);
    expect(sameRevision("main", "main")).toBe(true);
  });

  it("names the operation's resolved revision, else the requested one", () => {
    expect(operationRevision({ operation: { sync: { revision: OLD } }, syncResult: { revision: NEW } })).toBe(
      NEW,
    );
    expect(operationRevision({ operation: { sync: { revision: OLD } }, syncResult: { revision: "" } })).toBe(
      OLD,
    );
    expect(operationRevision({ operation: { sync: { revision: "" } } })).toBeUndefined();
    expect(operationRevision(undefined)).toBeUndefined();
  });

  it("lists conditions and a deletion, and puts a long message on one clipped line", () => {
    const app = application({
      operation: { message: `line one\n  line two ${"x".repeat(300)}` },
      conditions: [{ type: "ComparisonError", message: "  repo\nunreachable " }],
    });
    app.metadata = { ...app.metadata, deletionTimestamp: "2025-11-26T14:05:00Z" };
    const described = describeApplication(app);
    expect(described).toMatch(
      /^sync=Synced health=Healthy revision=9f8e7d6 operation=\? at none "line one line two x{182}…" conditions=\[ComparisonError: repo unreachable\] deleting$/,
    );
    expect(describeApplication({ metadata: { name: "new" } })).toBe(
      "sync=none health=none revision=none operation=none",
    );
    expect(describeApplication(application({ operation: op("Succeeded", NEW, "") }))).toBe(
      "sync=Synced health=Healthy revision=9f8e7d6 operation=Succeeded at 1a2b3c4",
    );
  });
});

describe("terminal failures, in detail", () => {
  const failedSync = (message: string, extra: AppState = {}) =>
    application({ sync: "OutOfSync", revision: NEW, conditions: [{ type: "SyncError", message }], ...extra });

  it("quotes auto-sync giving up only for the awaited revision", () => {
    expect(terminalFailureAt(failedSync(`Failed last sync attempt to [${NEW}]: boom`), NEW)).toBe(
      `auto-sync gave up on 1a2b3c4: Failed last sync attempt to [${NEW}]: boom`,
    );
    expect(terminalFailureAt(failedSync(`Failed last sync attempt to [${OLD}]: boom`), NEW)).toBeUndefined();
    expect(terminalFailureAt(failedSync(`Retrying sync attempt to [${NEW}]`), NEW)).toBeUndefined();
    expect(
      terminalFailureAt(
        application({
          conditions: [{ type: "ComparisonError", message: `Failed last sync attempt to [${NEW}]` }],
        }),
        NEW,
      ),
    ).toBeUndefined();
  });

  it("names auto-sync's refusal to prune everything only for the awaited revision", () => {
    const wipe = (sha: string) => `Skipping sync attempt to [${sha}]: auto-sync will wipe out all resources`;
    expect(terminalFailureAt(failedSync(wipe(NEW)), NEW)).toBe(
      `auto-sync refuses to prune every resource without allowEmpty: ${wipe(NEW)}`,
    );
    expect(terminalFailureAt(failedSync(wipe(OLD)), NEW)).toBeUndefined();
  });

  it("takes a newly requested operation as not final, even with a SyncError condition", () => {
    expect(
      terminalFailureAt(failedSync(`Failed last sync attempt to [${NEW}]`, { requested: true }), NEW),
    ).toBe(undefined);
  });

  it("does not take a Succeeded or Running operation, nor none, as final", () => {
    for (const phase of ["Succeeded", "Running", "Terminating"] as const) {
      expect(terminalFailureAt(application({ operation: op(phase, NEW) }), NEW)).toBeUndefined();
    }
    expect(terminalFailureAt(application({}), NEW)).toBeUndefined();
  });

  it("treats automated: {enabled: false} as a manual policy", () => {
    const app = application({ operation: op("Error", NEW, "boom") });
    if (app.spec?.syncPolicy) app.spec.syncPolicy.automated = { enabled: false };
    expect(terminalFailureAt(app, NEW)).toBe(
      "the sync to 1a2b3c4 ended Error: boom; the sync policy is manual, so nothing retries it",
    );
  });
});
