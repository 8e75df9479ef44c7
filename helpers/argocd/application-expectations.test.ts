import { describe, expect, it } from "vitest";
import { WaitFailedError } from "../wait/wait-errors";
import { waitUntil } from "../wait/wait-until";
import { appRef } from "./app-ref";
import {
  canIAnswers,
  describeApplication,
  healthIsVerdict,
  historyContainsVerdict,
  outOfSyncAtVerdict,
  sameRevision,
  syncedAt,
  syncedAtVerdict,
  syncRevisionIsVerdict,
} from "./application-expectations";
import type { Application, OperationState } from "./application-types";
import { ArgoCdApiError } from "./argocd-api-error";
import { REFRESH_ANNOTATION, refreshAnnotationPatch, refreshPending } from "./refresh-annotation";

const OLD = "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432";
const NEW = "1a2b3c4d5e6f708192a3b4c5d6e7f80912345678";

interface AppState {
  sync?: "Synced" | "OutOfSync" | "Unknown";
  health?: "Healthy" | "Progressing" | "Degraded";
  revision?: string;
  automated?: boolean;
  operation?: OperationState;
  requested?: boolean;
  conditions?: { type: string; message: string }[];
  history?: string[];
  refresh?: boolean;
}

function application(state: AppState): Application {
  return {
    metadata: {
      name: "t04-grade-api",
      namespace: "argocd",
      ...(state.refresh ? { annotations: { [REFRESH_ANNOTATION]: "normal" } } : {}),
    },
    spec: { syncPolicy: state.automated === false ? {} : { automated: { prune: true, selfHeal: true } } },
    ...(state.requested ? { operation: { sync: { revision: NEW } } } : {}),
    status: {
      sync: { status: state.sync ?? "Synced", revision: state.revision ?? OLD },
      health: { status: state.health ?? "Healthy" },
      ...(state.operation ? { operationState: state.operation } : {}),
      ...(state.conditions ? { conditions: state.conditions } : {}),
      history: (state.history ?? []).map((revision, id) => ({ id, revision })),
    },
  };
}

const op = (phase: OperationState["phase"], revision: string, message = ""): OperationState => ({
  phase,
  message,
  operation: { sync: { revision } },
  syncResult: { revision },
});

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

describe("expectations over a reader", () => {
  it("polls the reader until Synced at the revision", async () => {
    const states = [application({ revision: OLD }), application({ sync: "OutOfSync", revision: NEW })];
    let reads = 0;
    const ref = appRef("t04-grade-api", async () => states[reads++] ?? application({ revision: NEW }));
    const result = await waitUntil(syncedAt(ref, NEW), { timeout: 5_000 });
    expect(result.description).toBe("Application t04-grade-api Synced at 1a2b3c4");
    expect(reads).toBe(3);
  });

  it("stops waiting at once on a failed sync, with the state it saw", async () => {
    const ref = appRef("t04-grade-api", async () =>
      application({ sync: "OutOfSync", revision: NEW, operation: op("Failed", NEW, "boom") }),
    );
    const started = performance.now();
    const error = await waitUntil(syncedAt(ref, NEW), { timeout: 60_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitFailedError);
    expect((error as Error).message).toContain(
      "Gave up waiting for Application t04-grade-api Synced at 1a2b3c4",
    );
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("can-i: pending until the RBAC change arrives, fail on an unknown action", async () => {
    const answers = [false, false, true];
    const api = { username: "alice", canI: async () => answers.shift() ?? true };
    const exp = canIAnswers(api, "logs", "get", "default/*", true);
    expect(exp.description).toBe("can-i get logs default/* to answer yes for alice");
    expect(await exp.check()).toEqual({ state: "pending", message: "can-i answers no (waiting for yes)" });
    await expect(waitUntil(exp, { timeout: 5_000 })).resolves.toMatchObject({ message: "can-i answers yes" });

    const unknown = {
      username: "alice",
      canI: async (): Promise<boolean> => {
        throw new ArgoCdApiError(
          { method: "GET", path: "/api/v1/account/can-i/applications/logs/default/x", username: "alice" },
          400,
          "invalid action",
          3,
        );
      },
    };
    const verdict = await canIAnswers(unknown, "applications", "logs", "default/x", true).check();
    expect(verdict.state).toBe("fail");
    expect(verdict.message).toContain("HTTP 400");
  });
});

describe("refresh annotation", () => {
  it("is a merge patch adding argocd.argoproj.io/refresh", () => {
    expect(refreshAnnotationPatch()).toEqual({
      metadata: { annotations: { "argocd.argoproj.io/refresh": "normal" } },
    });
    expect(refreshAnnotationPatch("hard").metadata.annotations[REFRESH_ANNOTATION]).toBe("hard");
    expect(refreshPending(application({ refresh: true }))).toBe(true);
    expect(refreshPending(application({}))).toBe(false);
  });
});
