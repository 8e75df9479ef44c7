import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ArgoCdApi } from "./argocd-api";
import { ArgoCdApiError, ArgoCdTransportError } from "./argocd-api-error";
import { APP, APP_PATH, clientOf, nonLoginRequests, PASSWORD, sampleApp } from "./fake-argocd-client";
import { type FakeArgoCd, sendGrpcError, sendJson, startFakeArgoCd } from "./fake-argocd-server";

// The session is reached as the labs reach it: through ArgoCdApi's endpoints.

let fake: FakeArgoCd;
let api: ArgoCdApi;

const newApi = (overrides?: Parameters<typeof clientOf>[1]) => clientOf(fake, overrides);

const app = sampleApp;
const nonLogin = () => nonLoginRequests(fake);

beforeEach(async () => {
  fake = await startFakeArgoCd({ alice: PASSWORD });
  api = newApi();
});
afterEach(() => fake.close());

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
