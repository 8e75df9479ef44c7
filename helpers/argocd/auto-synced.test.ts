import { describe, expect, it } from "vitest";
import type { Application, OperationState } from "./application-types";
import { autoSyncedAtVerdict } from "./auto-synced";

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
