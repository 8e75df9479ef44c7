import { describe, expect, it } from "vitest";
import { WaitFailedError } from "../wait/wait-errors";
import { waitUntil } from "../wait/wait-until";
import { appRef } from "./app-ref";
import {
  canIAnswers,
  canIVerdict,
  describeApplication,
  healthIs,
  healthIsVerdict,
  historyContains,
  historyContainsVerdict,
  noSyncOperationSince,
  operationRevision,
  outOfSyncAt,
  outOfSyncAtVerdict,
  sameRevision,
  shortSha,
  syncedAt,
  syncedAtVerdict,
  syncRevisionIs,
  syncRevisionIsVerdict,
  terminalFailureAt,
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

describe("the expectations' names and readers", () => {
  const ref = (app: Application | undefined) => appRef("t04-grade-api", async () => app);

  it("say what they wait for", async () => {
    expect(outOfSyncAt(ref(undefined), NEW).description).toBe(
      "Application t04-grade-api OutOfSync at 1a2b3c4",
    );
    expect(healthIs(ref(undefined), "Healthy").description).toBe("Application t04-grade-api health Healthy");
    expect(syncRevisionIs(ref(undefined), NEW).description).toBe(
      "Application t04-grade-api compared against 1a2b3c4",
    );
    expect(historyContains(ref(undefined), NEW).description).toBe(
      "Application t04-grade-api history to contain 1a2b3c4",
    );
    expect(historyContains(ref(undefined), NEW, { automated: true }).description).toBe(
      "Application t04-grade-api history to contain 1a2b3c4, deployed by an automated sync",
    );
    const since = new Date("2025-11-26T14:00:00Z");
    expect(noSyncOperationSince(ref(undefined), since).description).toBe(
      "Application t04-grade-api to start no sync operation after 2025-11-26T14:00:00.000Z",
    );
  });

  it("judge what the reader returns", async () => {
    const app = application({ sync: "OutOfSync", revision: NEW, health: "Degraded", history: [NEW] });
    expect((await outOfSyncAt(ref(app), NEW).check()).state).toBe("pass");
    expect((await healthIs(ref(app), "Degraded").check()).state).toBe("pass");
    expect((await syncRevisionIs(ref(app), NEW).check()).state).toBe("pass");
    expect((await historyContains(ref(app), NEW).check()).state).toBe("pass");
  });

  it("no sync since: fails on an operation started within a second before `since` or after it", async () => {
    const since = new Date("2025-11-26T14:00:00Z");
    const startedAt = (at: string) => {
      const app = application({ operation: { ...op("Succeeded", NEW), startedAt: at } });
      return noSyncOperationSince(ref(app), since).check();
    };
    expect(await startedAt("2025-11-26T14:00:05Z")).toEqual({
      state: "fail",
      message: "a sync operation started at 2025-11-26T14:00:05Z (Succeeded)",
    });
    // startedAt has second precision: an operation in the same second as `since` may have followed it.
    expect((await startedAt("2025-11-26T13:59:59Z")).state).toBe("fail");
    expect(await startedAt("2025-11-26T13:59:58Z")).toEqual({
      state: "pass",
      message: "last sync operation started 2025-11-26T13:59:58Z",
    });
    expect(await noSyncOperationSince(ref(application({})), since).check()).toEqual({
      state: "pass",
      message: "last sync operation started never",
    });
    expect((await noSyncOperationSince(ref(undefined), since).check()).state).toBe("pending");
  });

  it("can-i: passes any error but a 400 on to the wait, which retries it", async () => {
    const api = {
      username: "alice",
      canI: async (): Promise<boolean> => {
        throw new ArgoCdApiError(
          { method: "GET", path: "/api/v1/account/can-i", username: "alice" },
          503,
          "",
          1,
        );
      },
    };
    await expect(canIAnswers(api, "applications", "get", "*/*", false).check()).rejects.toBeInstanceOf(
      ArgoCdApiError,
    );
    expect(canIAnswers(api, "applications", "get", "*/*", false).description).toBe(
      "can-i get applications */* to answer no for alice",
    );
  });
});

describe("an Application the controller has not reconciled yet (no spec, no status)", () => {
  const bare: Application = { metadata: { name: "t04-grade-api" } };

  it("is waited for by every verdict, not a crash", () => {
    const waiting = "sync=none health=none revision=none operation=none";
    expect(syncedAtVerdict(bare, NEW).message).toBe(`${waiting} (waiting for Synced at 1a2b3c4)`);
    expect(outOfSyncAtVerdict(bare, NEW).message).toBe(`${waiting} (waiting for OutOfSync at 1a2b3c4)`);
    expect(healthIsVerdict(bare, "Healthy").message).toBe(`${waiting} (waiting for health Healthy)`);
    expect(syncRevisionIsVerdict(bare, NEW).message).toBe(
      `${waiting} (waiting for Argo CD to compare against 1a2b3c4)`,
    );
    expect(historyContainsVerdict(bare, NEW).message).toBe(
      `${waiting} history=[empty] (waiting for an entry at 1a2b3c4)`,
    );
    expect(terminalFailureAt(bare, NEW)).toBeUndefined();
  });

  it("without a sync policy, counts a failed sync as manual", () => {
    const failed: Application = { ...bare, status: { operationState: op("Failed", NEW, "boom") } };
    expect(terminalFailureAt(failed, NEW)).toMatch(/the sync policy is manual, so nothing retries it$/);
    const noPolicy: Application = { ...failed, spec: {} };
    expect(terminalFailureAt(noPolicy, NEW)).toMatch(/the sync policy is manual, so nothing retries it$/);
  });

  it("lists history entries without an id as #?", () => {
    const app = application({});
    if (app.status) app.status.history = [{ revision: OLD }];
    expect(historyContainsVerdict(app, NEW).message).toMatch(
      /history=\[#\? 9f8e7d6\] \(waiting for an entry at 1a2b3c4\)$/,
    );
    if (app.status) app.status.history = [{ revision: NEW }];
    expect(historyContainsVerdict(app, NEW).message).toMatch(
      / history #\? at 1a2b3c4, deployed \? by unknown$/,
    );
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
