import { describe, expect, it } from "vitest";
import { appRef } from "./app-ref";
import type { Application, OperationState } from "./application-types";
import { autoSyncedAt, autoSyncedAtVerdict } from "./auto-synced";

const NEW = "b".repeat(40);
const OLD = "a".repeat(40);

function app(state: OperationState | undefined, operationSet = false): Application {
  return {
    metadata: { name: "m2-3-grade-api" },
    spec: { syncPolicy: { automated: { prune: true, selfHeal: true } } },
    ...(operationSet ? { operation: { sync: { revision: NEW } } } : {}),
    status: {
      sync: { status: "Synced", revision: NEW },
      health: { status: "Healthy" },
      operationState: state,
    },
  };
}

const op = (revision: string, phase: OperationState["phase"], automated: boolean): OperationState => ({
  operation: {
    sync: { revision },
    initiatedBy: automated ? { automated: true } : { username: "admin" },
  },
  phase,
  syncResult: { revision },
  startedAt: "2025-11-26T14:02:11Z",
});

describe("autoSyncedAtVerdict", () => {
  it("passes on a Succeeded operation at the revision, initiated by auto-sync", () => {
    expect(autoSyncedAtVerdict(app(op(NEW, "Succeeded", true)), NEW)).toMatchObject({
      state: "pass",
      message: expect.stringMatching(/\(auto-sync, started 2025-11-26T14:02:11Z\)$/),
    });
  });

  it("is pending while the last operation is for the previous commit, or still running", () => {
    expect(autoSyncedAtVerdict(app(op(OLD, "Succeeded", true)), NEW).state).toBe("pending");
    expect(autoSyncedAtVerdict(app(op(NEW, "Running", true), true), NEW).state).toBe("pending");
    expect(autoSyncedAtVerdict(app(undefined), NEW).state).toBe("pending");
  });

  it("fails when a person synced it, or auto-sync gave up on that revision", () => {
    expect(autoSyncedAtVerdict(app(op(NEW, "Succeeded", false)), NEW).message).toMatch(
      /was started by admin, not by auto-sync$/,
    );
    expect(autoSyncedAtVerdict(app(op(NEW, "Failed", true)), NEW).state).toBe("fail");
  });
});

describe("autoSyncedAtVerdict, in detail", () => {
  it("waits while a new operation is requested after the Succeeded auto-sync", () => {
    expect(autoSyncedAtVerdict(app(op(NEW, "Succeeded", true), true), NEW)).toEqual({
      state: "pending",
      message:
        "sync=Synced health=Healthy revision=bbbbbbb operation=Succeeded at bbbbbbb (waiting for a Succeeded auto-sync at bbbbbbb)",
    });
  });

  it("blames a person's operation only once it has a phase, naming someone when nobody is recorded", () => {
    const requested = op(NEW, undefined, false);
    expect(autoSyncedAtVerdict(app(requested), NEW).state).toBe("pending");
    const anonymous = op(NEW, "Running", false);
    if (anonymous.operation) anonymous.operation.initiatedBy = {};
    expect(autoSyncedAtVerdict(app(anonymous), NEW).message).toMatch(
      /: the operation at bbbbbbb was started by someone, not by auto-sync$/,
    );
  });

  it("does not blame a person's operation at another revision, and waits for an app that does not exist", () => {
    expect(autoSyncedAtVerdict(app(op(OLD, "Succeeded", false)), NEW).state).toBe("pending");
    expect(autoSyncedAtVerdict(undefined, NEW)).toEqual({
      state: "pending",
      message: "the Application does not exist (yet)",
    });
  });

  it("says when the auto-sync started, or ? when not recorded", () => {
    const unrecorded = { ...op(NEW, "Succeeded", true), startedAt: undefined };
    expect(autoSyncedAtVerdict(app(unrecorded), NEW).message).toBe(
      "sync=Synced health=Healthy revision=bbbbbbb operation=Succeeded at bbbbbbb (auto-sync, started ?)",
    );
  });

  it("quotes the failure when auto-sync gave up", () => {
    expect(autoSyncedAtVerdict(app({ ...op(NEW, "Failed", true), message: "boom" }), NEW).message).toBe(
      'sync=Synced health=Healthy revision=bbbbbbb operation=Failed at bbbbbbb "boom": the sync to bbbbbbb ended Failed: boom; ' +
        "auto-sync does not retry a revision whose last sync failed (Failed last sync attempt); it needs a new commit or a manual sync",
    );
  });
});

describe("autoSyncedAt", () => {
  it("reads the app and says what it waits for", async () => {
    const exp = autoSyncedAt(
      appRef("m2-3-grade-api", async () => app(op(NEW, "Succeeded", true))),
      NEW,
    );
    expect(exp.description).toBe(
      "Argo CD to have found m2-3-grade-api OutOfSync at bbbbbbb and auto-synced it",
    );
    expect((await exp.check()).state).toBe("pass");
  });
});

describe("autoSyncedAtVerdict, on partial records", () => {
  it("waits on an Application without status", () => {
    expect(autoSyncedAtVerdict({ metadata: { name: "m2-3-grade-api" } }, NEW).state).toBe("pending");
  });

  it("blames someone for an operation whose initiator is not recorded", () => {
    const noInitiator: OperationState = {
      phase: "Succeeded",
      syncResult: { revision: NEW },
      operation: { sync: {} },
    };
    expect(autoSyncedAtVerdict(app(noInitiator), NEW).message).toMatch(
      /was started by someone, not by auto-sync$/,
    );
    const noRequest: OperationState = { phase: "Succeeded", syncResult: { revision: NEW } };
    expect(autoSyncedAtVerdict(app(noRequest), NEW).message).toMatch(
      /was started by someone, not by auto-sync$/,
    );
  });
});
