import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  getGlobalTestRuntime,
  MessageHolderTestRuntime,
  setGlobalTestRuntime,
} from "allure-js-commons/sdk/runtime";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REDACTED } from "../report/redaction";
import { ArgoCdApi } from "./argocd-api";
import { ArgoCdApiError, ArgoCdTransportError } from "./argocd-api-error";
import {
  APP,
  APP_PATH,
  clientOf,
  lastRequestTo,
  nonLoginRequests,
  PASSWORD,
  sampleApp,
} from "./fake-argocd-client";
import { type FakeArgoCd, sendGrpcError, sendJson, startFakeArgoCd } from "./fake-argocd-server";

// The session is reached as the labs reach it: through ArgoCdApi's endpoints.

let fake: FakeArgoCd;
let api: ArgoCdApi;

const newApi = (overrides?: Parameters<typeof clientOf>[1]) => clientOf(fake, overrides);

const app = sampleApp;
const nonLogin = () => nonLoginRequests(fake);
const logins = () => fake.requests.filter((r) => r.path === "/api/v1/session");
const lastRequest = () => lastRequestTo(fake);

beforeEach(async () => {
  fake = await startFakeArgoCd({ alice: PASSWORD });
  api = newApi();
});
afterEach(() => fake.close());

describe("ArgoCdSession: login", () => {
  it("logs in lazily once, with JSON credentials, and sends the token as a bearer on every call", async () => {
    fake.route("GET", APP_PATH, (_, res) => sendJson(res, 200, app()));
    expect(fake.requests).toHaveLength(0);
    await api.getApplication(APP);
    await api.getApplication(APP);
    expect(logins()).toHaveLength(1);
    const [login] = logins();
    expect(login?.method).toBe("POST");
    expect(login?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(login?.body ?? "")).toEqual({ username: "alice", password: PASSWORD });
    expect(nonLogin().map((r) => r.headers.authorization)).toEqual([
      `Bearer ${fake.tokens[0]}`,
      `Bearer ${fake.tokens[0]}`,
    ]);
  });

  it("shares one login between concurrent first calls", async () => {
    fake.route("GET", APP_PATH, (_, res) => sendJson(res, 200, app()));
    await Promise.all([
      api.getApplication(APP),
      api.getApplication(APP),
      api.listApplications().catch(() => []),
    ]);
    expect(logins()).toHaveLength(1);
  });

  it("logs in again once when a token is refused (401), then carries on", async () => {
    fake.route("GET", APP_PATH, (_, res) => sendJson(res, 200, app()));
    await api.getApplication(APP);
    fake.revokeTokens();
    await expect(api.getApplication(APP)).resolves.toMatchObject({ metadata: { name: APP } });
    expect(logins()).toHaveLength(2);
    expect(nonLogin().map((r) => r.headers.authorization)).toEqual([
      `Bearer ${fake.tokens[0]}`,
      `Bearer ${fake.tokens[0]}`,
      `Bearer ${fake.tokens[1]}`,
    ]);
  });

  it("does not loop on 401: one re-login, then the 401 is the answer", async () => {
    fake.route("GET", APP_PATH, (_, res) => sendGrpcError(res, 401, 16, "invalid session: token is expired"));
    const error = await api.getApplication(APP).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArgoCdApiError);
    expect((error as ArgoCdApiError).isUnauthenticated()).toBe(true);
    expect(logins()).toHaveLength(2);
    expect(nonLogin()).toHaveLength(2);
  });

  it("never retries a refused login (5 failures lock the account out)", async () => {
    fake.route("GET", APP_PATH, (_, res) => sendJson(res, 200, app()));
    const wrong = newApi({ password: "not-the-password" });
    const error = await wrong.getApplication(APP).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArgoCdApiError);
    expect((error as ArgoCdApiError).status).toBe(401);
    expect((error as Error).message).toBe(
      "Argo CD API as alice: POST /api/v1/session answered HTTP 401 (gRPC 16 Unauthenticated): Invalid username or password",
    );
    expect(logins()).toHaveLength(1);
    expect(nonLogin()).toHaveLength(0);
  });

  it("after changing its own password, logs in with the new one", async () => {
    fake.route("PUT", "/api/v1/account/password", (req, res) => {
      fake.setPassword("alice", (JSON.parse(req.body) as { newPassword: string }).newPassword);
      fake.revokeTokens();
      sendJson(res, 200, {});
    });
    fake.route("GET", "/api/v1/session/userinfo", (req, res) =>
      sendJson(res, 200, { loggedIn: true, username: req.user, iss: "argocd" }),
    );
    await api.updatePassword({ name: "alice", newPassword: "alice-n3w-password", currentPassword: PASSWORD });
    const passwordChange = lastRequest();
    expect(passwordChange.method).toBe("PUT");
    expect(passwordChange.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(passwordChange.body)).toEqual({
      newPassword: "alice-n3w-password",
      currentPassword: PASSWORD,
      name: "alice",
    });
    await expect(api.userInfo()).resolves.toEqual({ loggedIn: true, username: "alice", iss: "argocd" });
    expect(JSON.parse(logins().at(-1)?.body ?? "")).toEqual({
      username: "alice",
      password: "alice-n3w-password",
    });
  });
});

describe("ArgoCdSession: errors", () => {
  it("maps a detailed 403 to a permission denial with the status, gRPC code, method and path", async () => {
    const denial = `permission denied: applications, sync, default/${APP}, sub: alice, iat: 2026-08-22T10:00:00Z`;
    fake.route("POST", `${APP_PATH}/sync`, (_, res) => sendGrpcError(res, 403, 7, denial));
    const error = await api.syncApplication(APP).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArgoCdApiError);
    const apiError = error as ArgoCdApiError;
    expect(apiError.isPermissionDenied()).toBe(true);
    expect({ status: apiError.status, grpcCode: apiError.grpcCode, method: apiError.method }).toEqual({
      status: 403,
      grpcCode: 7,
      method: "POST",
    });
    expect(apiError.path).toBe(`${APP_PATH}/sync`);
    expect(apiError.serverMessage).toBe(denial);
    expect(apiError.message).toBe(
      `Argo CD API as alice: POST ${APP_PATH}/sync answered HTTP 403 (gRPC 7 PermissionDenied): ${denial}`,
    );
  });

  it("says that a plain denial on an application may also mean it does not exist", async () => {
    fake.route("GET", "/api/v1/applications/missing", (_, res) =>
      sendGrpcError(res, 403, 7, "permission denied"),
    );
    const error = (await api.getApplication("missing").catch((e: unknown) => e)) as ArgoCdApiError;
    expect(error.isPermissionDenied()).toBe(true);
    expect(error.message).toContain("also for an application that does not exist");
  });

  it("is not a permission denial when the message does not start with it", async () => {
    fake.route("POST", `${APP_PATH}/sync`, (_, res) =>
      sendGrpcError(res, 400, 9, "error setting app operation: another operation is already in progress"),
    );
    const error = (await api.syncApplication(APP).catch((e: unknown) => e)) as ArgoCdApiError;
    expect(error.isPermissionDenied()).toBe(false);
    expect(error.isBadRequest()).toBe(true);
    expect(fake.requests.filter((r) => r.path.endsWith("/sync"))).toHaveLength(1);
  });

  it("says so when a 200 body is not JSON (a proxy in front of the server, say)", async () => {
    fake.route("GET", "/api/version", (_, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>argocd</html>");
    });
    await expect(api.version()).rejects.toThrow(
      "Argo CD API as alice: GET /api/version answered HTTP 200 with a body that is not JSON: <html>argocd</html>",
    );
  });

  it("explains a redirect to HTTPS instead of following it", async () => {
    fake.route("GET", APP_PATH, (_, res) => {
      res.writeHead(307, { location: `https://127.0.0.1:${fake.port}${APP_PATH}` });
      res.end();
    });
    const error = await api.getApplication(APP).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArgoCdTransportError);
    expect((error as Error).message).toContain("server.insecure");
  });

  it("bounds a refresh, which the server holds until the controller has reconciled", async () => {
    fake.route("GET", APP_PATH, () => {
      // Never answers, like a refresh with the application controller down.
    });
    const bounded = newApi({ refreshTimeoutMs: 200 });
    const started = performance.now();
    const error = await bounded.getApplication(APP, { refresh: "normal" }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(ArgoCdTransportError);
    expect((error as ArgoCdTransportError).code).toBe("TIMEOUT");
    expect((error as Error).message).toContain("is it running?");
  });
});

describe("ArgoCdSession: transport retries", () => {
  async function freePort(): Promise<number> {
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    return port;
  }

  it("retries a refused connection until the server is up", async () => {
    const port = await freePort();
    const early = new ArgoCdApi({
      baseUrl: `http://127.0.0.1:${port}`,
      username: "alice",
      password: PASSWORD,
      transportRetry: { retries: 6, minTimeoutMs: 50 },
    });
    const pending = early.version();
    await new Promise((resolve) => setTimeout(resolve, 150));
    const late = await startFakeArgoCd({ alice: PASSWORD }, { port });
    late.route("GET", "/api/version", (_, res) => sendJson(res, 200, { Version: "v3.5.1" }));
    try {
      await expect(pending).resolves.toEqual({ Version: "v3.5.1" });
      expect(late.requests.map((r) => r.path)).toEqual(["/api/v1/session", "/api/version"]);
    } finally {
      await late.close();
    }
  });

  it("gives up after its few retries with the transport error", async () => {
    const port = await freePort();
    const nobody = new ArgoCdApi({
      baseUrl: `http://127.0.0.1:${port}`,
      username: "alice",
      password: PASSWORD,
      transportRetry: { retries: 2, minTimeoutMs: 10 },
    });
    const error = await nobody.version().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArgoCdTransportError);
    expect((error as ArgoCdTransportError).code).toBe("ECONNREFUSED");
    expect((error as Error).message).toMatch(
      /^Argo CD API as alice: POST \/api\/v1\/session failed: ECONNREFUSED/,
    );
  });

  it("retries a reset connection for a read, but not for a sync, which may have started", async () => {
    let resets = 0;
    const resetOnce = (ok: () => void) => (_: unknown, res: http.ServerResponse) => {
      if (resets === 0) {
        resets += 1;
        res.socket?.destroy();
        return;
      }
      ok();
    };
    fake.route("GET", APP_PATH, (req, res) => resetOnce(() => sendJson(res, 200, app()))(req, res));
    await expect(api.getApplication(APP)).resolves.toMatchObject({ metadata: { name: APP } });
    expect(nonLogin().filter((r) => r.path === APP_PATH)).toHaveLength(2);

    resets = 0;
    fake.route("POST", `${APP_PATH}/sync`, (req, res) =>
      resetOnce(() => sendJson(res, 200, app()))(req, res),
    );
    const error = await api.syncApplication(APP).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArgoCdTransportError);
    expect((error as ArgoCdTransportError).retryable).toBe(false);
    expect(nonLogin().filter((r) => r.path.endsWith("/sync"))).toHaveLength(1);
  });

  it("never retries an HTTP error answer", async () => {
    fake.route("GET", APP_PATH, (_, res) => sendGrpcError(res, 500, 2, "rpc error: something broke"));
    await expect(api.getApplication(APP)).rejects.toBeInstanceOf(ArgoCdApiError);
    expect(nonLogin()).toHaveLength(1);
  });
});

describe("ArgoCdSession: report", () => {
  let previous: ReturnType<typeof getGlobalTestRuntime>;
  let recorder: MessageHolderTestRuntime;
  beforeEach(() => {
    previous = getGlobalTestRuntime();
    recorder = new MessageHolderTestRuntime();
    setGlobalTestRuntime(recorder);
  });
  afterEach(() => setGlobalTestRuntime(previous));

  const recorded = () => {
    const messages = recorder.messages();
    const steps = messages.flatMap((m) => (m.type === "step_start" ? [m.data.name] : []));
    const attachments = messages.flatMap((m) =>
      m.type === "attachment_content"
        ? [{ name: m.data.name, text: Buffer.from(m.data.content, "base64").toString("utf8") }]
        : [],
    );
    return { steps, attachments };
  };

  it("runs each call as a step named after what it does, with request and response attached", async () => {
    fake.route("POST", `${APP_PATH}/sync`, (_, res) => sendJson(res, 200, app()));
    await api.syncApplication(APP, { prune: true });
    const { steps, attachments } = recorded();
    expect(steps).toEqual([
      "Argo CD API as alice: sync application t07-grade-api (prune=true)",
      "Argo CD API as alice: log in",
    ]);
    expect(attachments.map((a) => a.name)).toEqual([
      "request",
      "request",
      "response: HTTP 200",
      expect.stringMatching(/^response: HTTP 200 after \d+ ms$/),
    ]);
    expect(attachments[0]?.text).toBe(
      `POST ${APP_PATH}/sync\nas alice\nContent-Type: application/json\n\n{\n  "prune": true\n}`,
    );
  });

  it("never lets the password or a token into an attachment or an error message", async () => {
    const newPassword = "alice-rotated-pass";
    fake.route("GET", APP_PATH, (_, res) => sendJson(res, 200, app()));
    fake.route("PUT", "/api/v1/account/password", (req, res) => {
      fake.setPassword("alice", (JSON.parse(req.body) as { newPassword: string }).newPassword);
      fake.revokeTokens();
      sendJson(res, 200, {});
    });
    // A server that echoes what it got is the worst case for leaks.
    fake.route("POST", `${APP_PATH}/sync`, (req, res) =>
      sendGrpcError(res, 400, 3, `bad request ${req.headers.authorization} ${PASSWORD}`),
    );
    await api.getApplication(APP);
    await api.updatePassword({ name: "alice", newPassword, currentPassword: PASSWORD });
    await api.getApplication(APP);
    const error = (await api.syncApplication(APP).catch((e: unknown) => e)) as Error;

    const secrets = [PASSWORD, newPassword, ...fake.tokens];
    expect(fake.tokens).toHaveLength(2);
    const { attachments } = recorded();
    const texts = [...attachments.map((a) => a.text), error.message];
    for (const secret of secrets) expect(texts.filter((t) => t.includes(secret))).toEqual([]);
    expect(error.message).toContain("[REDACTED]");
    expect(attachments.some((a) => a.text.includes('"newPassword": "[REDACTED]"'))).toBe(true);
  });

  it("masks password and token fields too short to be registered as secrets, both ways", async () => {
    // registerSecret ignores values under 6 characters, so only the field masking hides these.
    const [short, shorter, echoed] = ["Qz7", "Vw4", "Jk2"];
    fake.setPassword("bob", short);
    fake.route("PUT", "/api/v1/account/password", (req, res) => {
      fake.setPassword("bob", (JSON.parse(req.body) as { newPassword: string }).newPassword);
      fake.revokeTokens();
      sendJson(res, 200, {});
    });
    const repo = "http://git.example:8081/grade-api-gitops.git";
    fake.route("GET", `/api/v1/repositories/${encodeURIComponent(repo)}`, (_, res) =>
      sendJson(res, 200, {
        repo,
        username: "git",
        password: echoed,
        connectionState: { status: "Successful" },
      }),
    );
    const bob = newApi({ username: "bob", password: short });
    await bob.updatePassword({ name: "bob", newPassword: shorter, currentPassword: short });
    await expect(bob.getRepository(repo, { forceRefresh: false })).resolves.toEqual({ status: "Successful" });

    const { attachments } = recorded();
    const leaks = attachments.filter((a) => [short, shorter, echoed].some((s) => a.text.includes(`"${s}"`)));
    expect(leaks).toEqual([]);
    const texts = attachments.map((a) => a.text);
    expect(texts).toContainEqual(expect.stringContaining(`"username": "bob",\n  "password": "${REDACTED}"`));
    expect(texts).toContainEqual(
      expect.stringContaining(`"newPassword": "${REDACTED}",\n  "currentPassword": "${REDACTED}"`),
    );
    expect(texts).toContainEqual(expect.stringContaining(`"username": "git",\n  "password": "${REDACTED}"`));
  });
});
