import { describe, expect, it } from "vitest";
import { WaitFailedError } from "../wait/wait-errors";
import { waitUntil } from "../wait/wait-until";
import { appRef } from "./app-ref";
import {
  canIAnswers,
  healthIs,
  healthIsVerdict,
  historyContains,
  historyContainsVerdict,
  noSyncOperationSince,
  outOfSyncAt,
  outOfSyncAtVerdict,
  syncedAt,
  syncedAtVerdict,
  syncRevisionIs,
  syncRevisionIsVerdict,
  terminalFailureAt,
} from "./application-expectations";
import type { Application } from "./application-types";
import { ArgoCdApiError } from "./argocd-api-error";
import { REFRESH_ANNOTATION, refreshAnnotationPatch, refreshPending } from "./refresh-annotation";
import {
  sampleApplication as application,
  NEW_SHA as NEW,
  OLD_SHA as OLD,
  sampleOperation as op,
} from "./sample-applications";

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
