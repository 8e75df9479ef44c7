import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ArgoCdApi } from "./argocd-api";
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
