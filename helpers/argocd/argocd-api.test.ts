import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ArgoCdApi } from "./argocd-api";
import { ArgoCdApiError, ArgoCdTransportError } from "./argocd-api-error";
import { APP, APP_PATH, clientOf, lastRequestTo, PASSWORD, sampleApp } from "./fake-argocd-client";
import { type FakeArgoCd, sendGrpcError, sendJson, startFakeArgoCd } from "./fake-argocd-server";

let fake: FakeArgoCd;
let api: ArgoCdApi;

const newApi = (overrides?: Parameters<typeof clientOf>[1]) => clientOf(fake, overrides);

const app = sampleApp;
const lastRequest = () => lastRequestTo(fake);

beforeEach(async () => {
  fake = await startFakeArgoCd({ alice: PASSWORD });
  api = newApi();
});
afterEach(() => fake.close());

describe("ArgoCdApi: request shapes", () => {
  it("GET application, with and without refresh, sends no Content-Type", async () => {
    fake.route("GET", APP_PATH, (_, res) => sendJson(res, 200, app()));
    await api.getApplication(APP);
    expect(lastRequest().query).toEqual({});
    await api.getApplication(APP, { refresh: "hard" });
    expect(lastRequest()).toMatchObject({ method: "GET", path: APP_PATH, query: { refresh: "hard" } });
    expect(lastRequest().headers["content-type"]).toBeUndefined();
  });

  it("lists applications (a null item list is an empty list)", async () => {
    fake.route("GET", "/api/v1/applications", (_, res) =>
      sendJson(res, 200, { items: [app("a"), app("b")] }),
    );
    expect((await api.listApplications()).map((a) => a.metadata?.name)).toEqual(["a", "b"]);
    fake.route("GET", "/api/v1/applications", (_, res) => sendJson(res, 200, { items: null, metadata: {} }));
    await expect(api.listApplications()).resolves.toEqual([]);
  });

  it("POSTs a sync with exactly application/json and only the options given", async () => {
    fake.route("POST", `${APP_PATH}/sync`, (_, res) =>
      sendJson(res, 200, {
        ...app(),
        operation: { sync: { prune: true } },
        status: { operationState: null },
      }),
    );
    const synced = await api.syncApplication(APP, { prune: true, dryRun: false });
    expect(synced.operation?.sync?.prune).toBe(true);
    expect(lastRequest().headers["content-type"]).toBe("application/json");
    expect(JSON.parse(lastRequest().body)).toEqual({ prune: true, dryRun: false });
    await api.syncApplication(APP, { revision: "1a2b3c4d5e6f" });
    expect(JSON.parse(lastRequest().body)).toEqual({ revision: "1a2b3c4d5e6f" });
  });

  it("DELETEs with cascade in the query and the JSON Content-Type the server insists on", async () => {
    fake.route("DELETE", APP_PATH, (_, res) => sendJson(res, 200, {}));
    await api.deleteApplication(APP, { cascade: false });
    expect(lastRequest()).toMatchObject({ method: "DELETE", query: { cascade: "false" }, body: "" });
    expect(lastRequest().headers["content-type"]).toBe("application/json");
    await api.deleteApplication(APP, { cascade: true });
    expect(lastRequest().query).toEqual({ cascade: "true" });
  });

  it("PUTs a spec to .../spec with the spec itself as the body", async () => {
    const spec = { project: "default", syncPolicy: {} };
    fake.route("PUT", `${APP_PATH}/spec`, (req, res) => sendJson(res, 200, JSON.parse(req.body)));
    await expect(api.updateApplicationSpec(APP, spec)).resolves.toEqual(spec);
    expect(JSON.parse(lastRequest().body)).toEqual(spec);
  });

  it("reads the resource tree and the managed resources", async () => {
    fake.route("GET", `${APP_PATH}/resource-tree`, (_, res) =>
      sendJson(res, 200, {
        nodes: [{ kind: "Pod", name: "p", info: [{ name: "Containers", value: "1/1" }] }],
      }),
    );
    fake.route("GET", `${APP_PATH}/managed-resources`, (_, res) =>
      sendJson(res, 200, { items: [{ kind: "Deployment", name: "d", liveState: "{}" }] }),
    );
    expect((await api.resourceTree(APP)).nodes?.[0]?.info).toEqual([{ name: "Containers", value: "1/1" }]);
    expect((await api.managedResources(APP))[0]?.kind).toBe("Deployment");
  });

  it("parses manifests, which the server sends as JSON strings", async () => {
    fake.route("GET", `${APP_PATH}/manifests`, (_, res) =>
      sendJson(res, 200, {
        manifests: [JSON.stringify({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" } })],
      }),
    );
    const manifests = await api.manifests(APP, { revision: "abc1234" });
    expect(manifests).toEqual([{ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" } }]);
    expect(lastRequest().query).toEqual({ revision: "abc1234" });
  });

  it("encodes a repository URL into one path segment and asks for a fresh connection test", async () => {
    const repo = "http://git.example:8081/grade-api-gitops.git";
    const state = { status: "Successful", message: "", attemptedAt: "2026-01-01T00:00:00Z" };
    fake.route("GET", `/api/v1/repositories/${encodeURIComponent(repo)}`, (_, res) =>
      sendJson(res, 200, { repo, connectionState: state }),
    );
    await expect(api.getRepository(repo, { forceRefresh: true })).resolves.toEqual(state);
    expect(lastRequest().query).toEqual({ forceRefresh: "true" });
    await api.getRepository(repo, { forceRefresh: false });
    expect(lastRequest().query).toEqual({});
  });

  it("reads the version and the user info", async () => {
    fake.route("GET", "/api/version", (_, res) => sendJson(res, 200, { Version: "v3.5.1+109ca7c" }));
    fake.route("GET", "/api/v1/session/userinfo", (req, res) =>
      sendJson(res, 200, { loggedIn: true, username: req.user }),
    );
    await expect(api.version()).resolves.toEqual({ Version: "v3.5.1+109ca7c" });
    await expect(api.userInfo()).resolves.toEqual({ loggedIn: true, username: "alice" });
  });
});

describe("ArgoCdApi: can-i", () => {
  it("asks with the object's slashes kept as path separators, and maps yes/no to a boolean", async () => {
    const answers: Record<string, string> = { sync: "yes", delete: "no" };
    for (const action of ["sync", "delete"]) {
      fake.route("GET", `/api/v1/account/can-i/applications/${action}/default/${APP}`, (_, res) =>
        sendJson(res, 200, { value: answers[action] }),
      );
    }
    await expect(api.canI("applications", "sync", `default/${APP}`)).resolves.toBe(true);
    await expect(api.canI("applications", "delete", `default/${APP}`)).resolves.toBe(false);
  });

  it("throws on 400: an unknown action is not a no", async () => {
    fake.route("GET", "/api/v1/account/can-i/applications/logs/default/x", (_, res) =>
      sendGrpcError(res, 400, 3, "invalid action logs"),
    );
    const error = await api.canI("applications", "logs", "default/x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArgoCdApiError);
    expect((error as ArgoCdApiError).status).toBe(400);
    expect((error as Error).message).toContain("`logs` is a resource, not an action");
  });
});

describe("ArgoCdApi: pod logs (NDJSON)", () => {
  const entry = (content: string, last = false) =>
    `${JSON.stringify({ result: { content, podName: last ? "" : "p-1", timeStampStr: "2026-08-22T10:00:00.1Z", last } })}\n`;

  it("joins the content of each entry, across chunk boundaries, up to last:true", async () => {
    fake.route("GET", `${APP_PATH}/logs`, async (_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const body = entry("Error: Production crash") + entry("    at app.js:3") + entry("", true);
      // Split mid-line and mid-character-sequence, as TCP may.
      for (const piece of [body.slice(0, 17), body.slice(17, 90), body.slice(90)]) {
        res.write(piece);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      res.end();
    });
    const text = await api.podLogs(APP, {
      podName: "p-1",
      namespace: "grade",
      container: "app",
      tailLines: 50,
    });
    expect(text).toBe("Error: Production crash\n    at app.js:3");
    expect(lastRequest().query).toEqual({
      namespace: "grade",
      podName: "p-1",
      container: "app",
      tailLines: "50",
      follow: "false",
    });
  });

  it("stops reading at last:true even if the stream stays open", async () => {
    fake.route("GET", `${APP_PATH}/logs`, (_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(entry("one") + entry("", true));
      // Left open on purpose: the client must not wait for the end.
    });
    await expect(api.podLogs(APP, { podName: "p-1", namespace: "grade" })).resolves.toBe("one");
  });

  it("bounds a stream that never ends, as a transport timeout", async () => {
    fake.route("GET", `${APP_PATH}/logs`, (_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(entry("one"));
    });
    const bounded = newApi({ requestTimeoutMs: 300 });
    const error = await bounded.podLogs(APP, { podName: "p-1", namespace: "grade" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArgoCdTransportError);
    expect((error as ArgoCdTransportError).code).toBe("TIMEOUT");
  });

  it("returns an empty string for an empty body (no pod matched)", async () => {
    fake.route("GET", `${APP_PATH}/logs`, (_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end();
    });
    await expect(api.podLogs(APP, { podName: "gone", namespace: "grade" })).resolves.toBe("");
  });

  it("surfaces Kubernetes' refusal, which arrives as a log line", async () => {
    const refusal = 'container "app" in pod "p-1" is waiting to start: ContainerCreating';
    fake.route("GET", `${APP_PATH}/logs`, (_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(entry(refusal) + entry("", true));
    });
    await expect(api.podLogs(APP, { podName: "p-1", namespace: "grade" })).resolves.toBe(refusal);
  });

  it("throws a stream error chunk as an API error, whether it comes first (403) or after 200", async () => {
    const denial =
      "permission denied: logs, get, default/t07-grade-api, sub: alice, iat: 2026-08-22T10:00:00Z";
    const streamError = JSON.stringify({
      error: { grpc_code: 7, http_code: 403, message: denial, http_status: "Forbidden" },
    });
    fake.route("GET", `${APP_PATH}/logs`, (_, res) => {
      res.writeHead(403, { "content-type": "application/json" });
      res.end(streamError);
    });
    const before = (await api
      .podLogs(APP, { podName: "p-1", namespace: "grade" })
      .catch((e) => e)) as ArgoCdApiError;
    expect(before).toBeInstanceOf(ArgoCdApiError);
    expect([before.status, before.grpcCode, before.isPermissionDenied()]).toEqual([403, 7, true]);

    fake.route("GET", `${APP_PATH}/logs`, (_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`${entry("partial")}${streamError}\n`);
    });
    const after = (await api
      .podLogs(APP, { podName: "p-1", namespace: "grade" })
      .catch((e) => e)) as ArgoCdApiError;
    expect(after).toBeInstanceOf(ArgoCdApiError);
    expect([after.status, after.grpcCode, after.serverMessage]).toEqual([403, 7, denial]);
  });
});
