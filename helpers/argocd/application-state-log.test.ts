import http from "node:http";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";
import { describe, expect, it, vi } from "vitest";
import { ApplicationStateLog } from "./application-state-log";
import type { Application } from "./application-types";

const app = (sync: "Synced" | "OutOfSync", revision = "1a2b3c4d"): Application => ({
  metadata: { name: "grade-api-t01" },
  status: { sync: { status: sync, revision }, health: { status: "Healthy" } },
});

/** A log fed by hand: record() is what the watch calls for every event. */
function logFedByHand(): ApplicationStateLog {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "c", server: "http://127.0.0.1:1" }],
    users: [{ name: "u" }],
    contexts: [{ name: "x", cluster: "c", user: "u" }],
    currentContext: "x",
  });
  return Reflect.construct(ApplicationStateLog, [kc, "grade-api-t01"]) as ApplicationStateLog;
}

describe("the Application's state log", () => {
  it("proves a brief OutOfSync happened after the action, even though it is Synced again now", async () => {
    const log = logFedByHand();
    log.record(app("Synced"), 100);
    const action = 200;
    log.record(app("OutOfSync"), 250);
    log.record(app("Synced"), 260);
    const verdict = await log
      .seen("OutOfSync", action, (a) => a.status?.sync?.status === "OutOfSync")
      .check();
    expect(verdict.state).toBe("pass");
    expect(verdict.message).toMatch(/^seen 0\.1 s after the action: sync=OutOfSync/);
  });

  it("does not count what was seen before the action, and says what it saw since", async () => {
    const log = logFedByHand();
    log.record(app("OutOfSync"), 100);
    log.record(app("Synced"), 150);
    const verdict = await log.seen("OutOfSync", 200, (a) => a.status?.sync?.status === "OutOfSync").check();
    expect(verdict).toEqual({ state: "pending", message: "0 state(s) since the action, last: none" });
  });

  it("keeps only changes", () => {
    const log = logFedByHand();
    log.record(app("Synced"), 1);
    log.record(app("Synced"), 2);
    expect(log.states).toHaveLength(1);
  });
});

describe("the Application's state log, on a real watch against a stand-in API server", () => {
  async function serve(
    handler: http.RequestListener,
  ): Promise<{ kc: KubeConfig; close: () => Promise<void> }> {
    const server = http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: "c",
          server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          skipTLSVerify: true,
        },
      ],
      users: [{ name: "u" }],
      contexts: [{ name: "x", cluster: "c", user: "u" }],
      currentContext: "x",
    });
    return { kc, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }

  it("records the Application's states, never a watch ERROR event's Status", async () => {
    const api = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(
        `${JSON.stringify({ type: "ERROR", object: { kind: "Status", code: 410, message: "too old" } })}\n`,
      );
      res.write(`${JSON.stringify({ type: "MODIFIED", object: app("OutOfSync") })}\n`);
    });
    const log = await ApplicationStateLog.start(api.kc, "grade-api-t01");
    try {
      await vi.waitFor(() => expect(log.states.length).toBeGreaterThan(0));
      expect(log.states.map((s) => s.description)).toEqual([expect.stringContaining("sync=OutOfSync")]);
    } finally {
      log.stop();
      await api.close();
    }
  });

  it("backs off when the watch keeps failing, instead of restarting it in a tight loop", async () => {
    let requests = 0;
    const api = await serve((_req, res) => {
      requests += 1;
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ kind: "Status", code: 500, message: "etcd unavailable" }));
    });
    const log = await ApplicationStateLog.start(api.kc, "grade-api-t01").catch(() => undefined);
    // A first watch that fails to start is the caller's business; drive the restart loop directly then.
    const running =
      log ?? (Reflect.construct(ApplicationStateLog, [api.kc, "grade-api-t01"]) as ApplicationStateLog);
    if (!log)
      void (running as unknown as { restart: (e: unknown) => Promise<void> }).restart(new Error("first"));
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    running.stop();
    await api.close();
    // 100 ms growing by half each time: at most about 6 tries in 1.2 s; a tight loop makes hundreds.
    expect(requests).toBeGreaterThan(1);
    expect(requests).toBeLessThan(10);
    expect(running.lastError).toBeDefined();
  });
});
