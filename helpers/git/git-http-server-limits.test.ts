import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { type ClientRequest, request } from "node:http";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runStep } from "../exec/run-command";
import { isolatedGitEnv } from "./git-env";
import { DEFAULT_GIT_SERVER_LIMITS, type GitServer, startGitServer } from "./git-http-server";
import { resolveLimits } from "./server-limits";

const gitEnv = isolatedGitEnv({
  GIT_AUTHOR_NAME: "self-test",
  GIT_AUTHOR_EMAIL: "self-test@example.invalid",
  GIT_COMMITTER_NAME: "self-test",
  GIT_COMMITTER_EMAIL: "self-test@example.invalid",
});
const INFO_REFS = "/app.git/info/refs?service=git-upload-pack";
// vi.waitFor polls a condition; the default second is short for a loaded 2-CPU machine.
const SOON = { timeout: 5_000, interval: 20 };

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "git-server-limits-test-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]) {
  return runStep(`git ${args[0]}`, ["git", ...args], { cwd, env: gitEnv });
}

/** Creates app.git on `server` holding one pushed commit; returns its clone URL. */
async function seededRepo(server: GitServer): Promise<string> {
  const repo = await server.createRepo("app");
  const seed = join(work, `seed-${randomUUID().slice(0, 8)}`);
  await git(work, "clone", "--quiet", repo.url, seed);
  await writeFile(join(seed, "app.yaml"), "kind: Deployment\n");
  await git(seed, "add", "--all");
  await git(seed, "commit", "--quiet", "-m", "seed");
  await git(seed, "push", "--quiet", "origin", "HEAD:refs/heads/main");
  return repo.url;
}

async function cloneAndRead(url: string): Promise<string> {
  const dir = join(work, `clone-${randomUUID().slice(0, 8)}`);
  await git(work, "clone", "--quiet", url, dir);
  return readFile(join(dir, "app.yaml"), "utf8");
}

interface RawSocket {
  socket: Socket;
  /** Resolves when the socket has closed; the tests never close one before asserting the server did. */
  closed: Promise<void>;
  isClosed: () => boolean;
}

function openSocket(port: number): RawSocket {
  const socket = connect(port, "127.0.0.1");
  socket.on("error", () => {}); // a reset by the server is one of the outcomes under test
  socket.resume(); // reads (and drops) the server's 408, or 'close' would wait behind the unread bytes
  let isClosed = false;
  const closed = new Promise<void>((resolve) =>
    socket.once("close", () => {
      isClosed = true;
      resolve();
    }),
  );
  return { socket, closed, isClosed: () => isClosed };
}

/** A push whose CGI runs (http-backend answers before reading the body) and waits for a body that never completes. */
function stalledPush(port: number) {
  const push: ClientRequest = request({
    host: "127.0.0.1",
    port,
    path: "/app.git/git-receive-pack",
    method: "POST",
    headers: { "Content-Type": "application/x-git-receive-pack-request", "Transfer-Encoding": "chunked" },
    agent: false,
  });
  push.on("error", () => {}); // the server or the test hanging up is expected
  const responded = new Promise<number>((resolve) =>
    push.once("response", (res) => resolve(res.statusCode ?? 0)),
  );
  const closed = new Promise<void>((resolve) => push.once("close", () => resolve()));
  push.write("00a0want"); // a pkt-line that promises 160 bytes
  return { push, responded, closed };
}

function get(port: number, path: string, signal?: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, agent: false, signal }, (res) => {
      res.resume().on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject).end();
  });
}

/** `promise`, or a failure naming `what` once `ms` have passed: a missing fix fails here instead of hanging. */
async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not done within ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

describe("startGitServer under misbehaving clients", () => {
  it("serves a real clone while 200 idle sockets and 20 slow-loris clients hang, then frees every socket", async () => {
    // requestTimeoutMs stays at its minute: Node would otherwise default headersTimeout to it.
    const limits = { headersTimeoutMs: 3_000, timeoutCheckIntervalMs: 100 };
    await using server = await startGitServer({ limits });
    const url = await seededRepo(server);
    const idle = Array.from({ length: 200 }, () => openSocket(server.port));
    const slowLoris = Array.from({ length: 20 }, () => openSocket(server.port));
    for (const { socket } of slowLoris) socket.write(`GET ${INFO_REFS} HTTP/1.1\r\nHost: x\r\nX-Slow: `);
    // A header byte every 100 ms: never idle, so only the headers deadline can end them.
    const dribble = setInterval(() => {
      for (const { socket } of slowLoris) if (!socket.destroyed) socket.write("a");
    }, 100);
    const hanging = [...idle, ...slowLoris];
    try {
      expect(hanging.length).toBeLessThan(DEFAULT_GIT_SERVER_LIMITS.maxConnections);
      await vi.waitFor(
        () => expect(server.load()).toMatchObject({ connections: hanging.length, droppedConnections: 0 }),
        SOON,
      );

      expect(await cloneAndRead(url)).toBe("kind: Deployment\n");
      // The clone was served while they all still hung.
      expect(hanging.filter((s) => s.isClosed()).length).toBe(0);

      await within(10_000, Promise.all(hanging.map((s) => s.closed)), "the server closed every socket");
      await vi.waitFor(() => expect(server.load().connections).toBe(0), SOON);
    } finally {
      clearInterval(dribble);
      for (const { socket } of hanging) socket.destroy();
    }
  });

  it("ends pushes whose body still dribbles after requestTimeoutMs, and kills their CGIs", async () => {
    const limits = { headersTimeoutMs: 1_000, requestTimeoutMs: 1_000, timeoutCheckIntervalMs: 100 };
    await using server = await startGitServer({ limits });
    await server.createRepo("app");
    const slowPushes = Array.from({ length: 3 }, () => stalledPush(server.port));
    // A body byte every 100 ms (within the 160 the pkt-line promised): never idle, never complete.
    const dribble = setInterval(() => {
      for (const { push } of slowPushes) if (!push.destroyed) push.write("a");
    }, 100);
    try {
      expect(await Promise.all(slowPushes.map((p) => p.responded))).toEqual([200, 200, 200]);
      expect(server.load().runningCgis).toBe(3);

      await within(5_000, Promise.all(slowPushes.map((p) => p.closed)), "the server ended every slow push");
      await vi.waitFor(() => expect(server.load()).toMatchObject({ connections: 0, runningCgis: 0 }), SOON);
    } finally {
      clearInterval(dribble);
    }
  });

  it("destroys a socket that goes quiet for idleTimeoutMs and kills the CGI it was feeding", async () => {
    await using server = await startGitServer({ limits: { idleTimeoutMs: 500 } });
    await server.createRepo("app");
    const quiet = stalledPush(server.port);
    expect(await quiet.responded).toBe(200);
    expect(server.load().runningCgis).toBe(1);

    await within(5_000, quiet.closed, "the server ended the quiet push");
    await vi.waitFor(() => expect(server.load()).toMatchObject({ connections: 0, runningCgis: 0 }), SOON);
  });

  it("closes a socket beyond maxConnections as soon as it connects, and accepts again once one leaves", async () => {
    await using server = await startGitServer({ limits: { maxConnections: 5 } });
    const held = Array.from({ length: 5 }, () => openSocket(server.port));
    try {
      await vi.waitFor(() => expect(server.load().connections).toBe(5), SOON);

      const extra = openSocket(server.port);
      await within(2_000, extra.closed, "the server closed the socket beyond its limit");
      expect(held.filter((s) => s.isClosed()).length).toBe(0);
      expect(server.load()).toMatchObject({ connections: 5, droppedConnections: 1 });

      held[0]?.socket.destroy();
      await vi.waitFor(() => expect(server.load().connections).toBe(4), SOON);
      expect(await get(server.port, "/missing.git/info/refs")).toBe(404);
    } finally {
      for (const { socket } of held) socket.destroy();
    }
  });

  it("runs at most maxConcurrentCgis CGIs: the next request waits its turn, one whose client leaves never runs", async () => {
    await using server = await startGitServer({ limits: { maxConcurrentCgis: 2 } });
    await server.createRepo("app");
    const pushes = [stalledPush(server.port), stalledPush(server.port)];
    expect(await Promise.all(pushes.map((p) => p.responded))).toEqual([200, 200]);

    const leaving = new AbortController();
    const leaver = get(server.port, INFO_REFS, leaving.signal).catch(() => "left");
    await vi.waitFor(() => expect(server.load()).toMatchObject({ runningCgis: 2, queuedCgis: 1 }), SOON);
    leaving.abort();
    expect(await leaver).toBe("left");
    await vi.waitFor(() => expect(server.load()).toMatchObject({ runningCgis: 2, queuedCgis: 0 }), SOON);

    let answered = false;
    const waiting = get(server.port, INFO_REFS).finally(() => {
      answered = true;
    });
    await vi.waitFor(() => expect(server.load().queuedCgis).toBe(1), SOON);
    expect(answered).toBe(false); // both slots are held, so it cannot have run
    pushes[0]?.push.destroy();
    expect(await waiting).toBe(200);

    pushes[1]?.push.destroy();
    await vi.waitFor(() => expect(server.load()).toMatchObject({ runningCgis: 0, queuedCgis: 0 }), SOON);
    expect(server.load().peakCgis).toBe(2);
    expect(server.requestLog().filter((r) => r.path === "/app.git/info/refs")).toEqual([
      expect.objectContaining({
        status: 0,
        cgiInvoked: false,
        error: "client hung up while waiting for a CGI slot",
      }),
      expect.objectContaining({ status: 200, cgiInvoked: true }),
    ]);
  });

  it("serves six simultaneous clones through two CGI slots, never running a third", async () => {
    await using server = await startGitServer({ limits: { maxConcurrentCgis: 2 } });
    const url = await seededRepo(server);
    const contents = await Promise.all(Array.from({ length: 6 }, () => cloneAndRead(url)));
    expect(contents).toEqual(Array(6).fill("kind: Deployment\n"));
    expect(server.load().peakCgis).toBe(2);
  });

  it("refuses limits Node would ignore or reject", async () => {
    await expect(startGitServer({ limits: { maxConnections: 0 } })).rejects.toThrow(
      "git server limit maxConnections must be a positive integer, got 0",
    );
    await expect(startGitServer({ limits: { idleTimeoutMs: 1.5 } })).rejects.toThrow(/idleTimeoutMs/);
    await expect(
      startGitServer({ limits: { headersTimeoutMs: 2_000, requestTimeoutMs: 1_000 } }),
    ).rejects.toThrow("git server limit headersTimeoutMs (2000) exceeds requestTimeoutMs (1000)");
    // 1 is the smallest limit there is, and a valid one.
    expect(resolveLimits({ maxConcurrentCgis: 1, maxConnections: 1 })).toMatchObject({
      maxConcurrentCgis: 1,
      maxConnections: 1,
    });
  });
});
