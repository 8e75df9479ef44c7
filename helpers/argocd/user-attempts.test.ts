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
const denied = (path: string) =>
  new ArgoCdApiError({ method: "POST", path, username: "read-only-m3-4" }, 403, "permission denied", 7);

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

describe("tryChanging", () => {
  it("tries sync, cascading delete and the UI's save of the whole Application once each; all refused passes", async () => {
    const calls: string[] = [];
    const refuse = (call: string, path: string) => {
      calls.push(call);
      return Promise.reject(denied(path));
    };
    const api = {
      username: "read-only-m3-4",
      syncApplication: (name: string) => refuse(`sync ${name}`, "sync"),
      deleteApplication: (name: string, o: { cascade: boolean }) =>
        refuse(`delete ${name} cascade=${o.cascade}`, "delete"),
      updateApplication: (a: { metadata?: { name?: string } }) => refuse(`update ${a.metadata?.name}`, ""),
    };
    const changes = await tryChanging(api, APP, app);
    expect(calls).toEqual([`sync ${APP}`, `delete ${APP} cascade=true`, `update ${APP}`]);
    expect((await everyChangeRefused(changes).check()).state).toBe("pass");
  });
});

describe("notAttempted", () => {
  it("is never taken for a refusal: the universal control of M3.4 must fail the lab", async () => {
    const verdict = await everyChangeRefused(notAttempted("read-only-m3-4", APP)).check();
    expect(verdict.state).toBe("fail");
    expect(verdict.message).toMatch(/was accepted/);
  });
});
