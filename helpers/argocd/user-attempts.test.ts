import { describe, expect, it } from "vitest";
import type { Application, ApplicationTree } from "./application-types";
import { ArgoCdApiError } from "./argocd-api-error";
import {
  everyChangeRefused,
  notAttempted,
  sawAppTreeAndLogs,
  tryChanging,
  tryViewing,
} from "./user-attempts";

const APP = "m3-4-grade-api";
const app: Application = {
  metadata: { name: APP },
  spec: { project: "default" },
  status: { sync: { status: "Synced" } },
};
const tree: ApplicationTree = {
  nodes: [
    { kind: "Deployment", name: "grade-submission-api", namespace: "m3-4-ab12" },
    { kind: "Pod", name: "grade-submission-api-6b8f9c7d5d-x2k9q", namespace: "m3-4-ab12" },
  ],
};
const denied = (action: string, object = `default/${APP}`) =>
  new ArgoCdApiError(
    { method: "POST", path: action, username: "read-only-m3-4" },
    403,
    `permission denied: applications, ${action}, ${object}, sub: read-only-m3-4, iat: 2026-12-08T02:00:00Z`,
    7,
  );

describe("tryViewing", () => {
  it("opens the app and its tree, then the logs of the pod the tree shows", async () => {
    const asked: unknown[] = [];
    const api = {
      username: "read-only-m3-4",
      getApplication: async () => app,
      resourceTree: async () => tree,
      podLogs: async (_name: string, query: unknown) => {
        asked.push(query);
        return "grade-submission-api abc123 listening on 8080";
      },
    };
    const viewed = await tryViewing(api, APP, "fallback-ns");
    expect(asked).toEqual([{ podName: "grade-submission-api-6b8f9c7d5d-x2k9q", namespace: "m3-4-ab12" }]);
    expect(viewed.logs.what).toBe("logs of pod grade-submission-api-6b8f9c7d5d-x2k9q");
    expect((await sawAppTreeAndLogs(viewed).check()).state).toBe("pass");
  });

  it("fails the view when the tree shows no pod, or the log lacks the start line", async () => {
    const api = {
      username: "read-only-m3-4",
      getApplication: async () => app,
      resourceTree: async () => ({ nodes: [] }),
      podLogs: async () => "",
    };
    const verdict = await sawAppTreeAndLogs(await tryViewing(api, APP, "ns")).check();
    expect(verdict.state).toBe("fail");
    expect(verdict.message).toMatch(/resource tree of m3-4-grade-api was answered, but it shows no pod/);
  });
});

/** A read-only user's API: every change refused with `refusal`, views answered unless `gone`. */
function readOnlyApi(calls: string[], refusal = denied, gone = false) {
  const refuse = (call: string, action: string) => {
    calls.push(call);
    return Promise.reject(refusal(action));
  };
  return {
    username: "read-only-m3-4",
    syncApplication: (name: string) => refuse(`sync ${name}`, "sync"),
    deleteApplication: (name: string, o: { cascade: boolean }) =>
      refuse(`delete ${name} cascade=${o.cascade}`, "delete"),
    updateApplication: (a: { metadata?: { name?: string } }) =>
      refuse(`update ${a.metadata?.name}`, "update"),
    getApplication: async (name: string) => {
      calls.push(`get ${name}`);
      return gone ? Promise.reject(denied("get")) : app;
    },
  };
}

describe("tryChanging", () => {
  it("tries sync, cascading delete and the UI's save once each, then views the app; all refused for this app passes", async () => {
    const calls: string[] = [];
    const changes = await tryChanging(readOnlyApi(calls), APP, app);
    expect(calls).toEqual([`sync ${APP}`, `delete ${APP} cascade=true`, `update ${APP}`, `get ${APP}`]);
    expect((await everyChangeRefused(changes).check()).state).toBe("pass");
  });

  it("does not count a refusal that names another app, or a bare permission denied", async () => {
    const elsewhere = await tryChanging(
      readOnlyApi([], (action) => denied(action, "default/other")),
      APP,
      app,
    );
    expect((await everyChangeRefused(elsewhere).check()).message).toMatch(
      /but not for "applications, sync, default\/m3-4-grade-api"/,
    );
    const bare = (action: string) =>
      new ArgoCdApiError(
        { method: "POST", path: action, username: "read-only-m3-4" },
        403,
        "permission denied",
        7,
      );
    expect((await everyChangeRefused(await tryChanging(readOnlyApi([], bare), APP, app)).check()).state).toBe(
      "fail",
    );
  });

  it("does not count the refusals when the app itself cannot be viewed right after (it may not exist)", async () => {
    const verdict = await everyChangeRefused(
      await tryChanging(readOnlyApi([], denied, true), APP, app),
    ).check();
    expect(verdict.state).toBe("fail");
    expect(verdict.message).toMatch(/view of application m3-4-grade-api, right after was refused/);
  });
});

describe("notAttempted", () => {
  it("is never taken for a refusal: the universal control of M3.4 must fail the lab", async () => {
    const verdict = await everyChangeRefused(notAttempted("read-only-m3-4", APP)).check();
    expect(verdict.state).toBe("fail");
    expect(verdict.message).toMatch(/was accepted/);
  });
});
