import type { Server, ServerOptions } from "node:http";
import type { Socket } from "node:net";

/** How much of the Git server one client can hold, and for how long. */
export interface GitServerLimits {
  /** A request's headers must all arrive within this; it also ends a socket that never sends a byte. */
  headersTimeoutMs: number;
  /** The whole request, a push's body included, must arrive within this. At least headersTimeoutMs. */
  requestTimeoutMs: number;
  /** A socket with no byte in either direction for this long is destroyed, and the CGI it feeds killed. */
  idleTimeoutMs: number;
  /** How long a kept-alive connection may wait for its next request; Node adds 1 s (keepAliveTimeoutBuffer). */
  keepAliveTimeoutMs: number;
  /** How often Node enforces headersTimeoutMs and requestTimeoutMs. */
  timeoutCheckIntervalMs: number;
  /** Open sockets at most; the server closes any socket beyond them as soon as it connects. */
  maxConnections: number;
  /** `git http-backend` processes at most; further requests wait for one to end, first come, first served. */
  maxConcurrentCgis: number;
}

export const DEFAULT_GIT_SERVER_LIMITS: Readonly<GitServerLimits> = Object.freeze({
  // git writes its headers in one go: a socket still sending them after 10 s is stalled or a slow-loris.
  headersTimeoutMs: 10_000,
  // The suite's packs are kilobytes to a few megabytes, over loopback or a LAN: a minute is ample.
  requestTimeoutMs: 60_000,
  // upload-pack and receive-pack send a keep-alive every 5 s while they work (uploadpack.keepAlive,
  // receive.keepAlive), so a live transfer never goes a minute without a byte; a client that stopped
  // reading, or a request queued that long for a CGI, does.
  idleTimeoutMs: 60_000,
  // Node's own default: git reuses a connection at once (info/refs, then the pack) or never.
  keepAliveTimeoutMs: 5_000,
  // Node's default is 30 s, which would let a stalled socket outlive headersTimeoutMs by that much.
  timeoutCheckIntervalMs: 1_000,
  // The labs running at once (LAB_CONCURRENCY), Argo CD's fetches and ls-remotes, one or two sockets per
  // git command: a few dozen at the busiest. 256 leaves room for bursts and stays far below a process's
  // file descriptor limit.
  maxConnections: 256,
  // Each CGI runs upload-pack and pack-objects or receive-pack and index-pack: on the 2 CPUs this suite
  // runs on, 8 at once already queue for the CPU, and a queued request costs nothing but its socket.
  maxConcurrentCgis: 8,
});

/** The defaults with `overrides` applied; throws on a value Node would ignore or refuse. */
export function resolveLimits(overrides: Partial<GitServerLimits> = {}): GitServerLimits {
  const limits = { ...DEFAULT_GIT_SERVER_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    // 0 would switch a Node timeout or limit off, the very thing these bound.
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`git server limit ${name} must be a positive integer, got ${value}`);
    }
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    const { headersTimeoutMs, requestTimeoutMs } = limits;
    throw new RangeError(
      `git server limit headersTimeoutMs (${headersTimeoutMs}) exceeds requestTimeoutMs (${requestTimeoutMs})`,
    );
  }
  return limits;
}

/** createServer()'s options for `limits`: Node reads these when the server starts listening. */
export function httpServerOptions(limits: GitServerLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: limits.timeoutCheckIntervalMs,
  };
}

/** What limitSockets() counts: sockets open now, and those closed on arrival for exceeding maxConnections. */
export interface SocketCounts {
  open(): number;
  dropped(): number;
}

/** Applies the socket limits createServer() takes no option for, and counts sockets. */
export function limitSockets(server: Server, limits: GitServerLimits): SocketCounts {
  server.maxConnections = limits.maxConnections;
  // With no 'timeout' listener, Node destroys the idle socket itself; res 'close' then kills its CGI.
  server.setTimeout(limits.idleTimeoutMs);
  const open = new Set<Socket>();
  let dropped = 0;
  server.on("connection", (socket: Socket) => {
    open.add(socket);
    socket.once("close", () => open.delete(socket));
  });
  // Counted, so a refusal that fails a lab shows in load() rather than nowhere.
  server.on("drop", () => {
    dropped += 1;
  });
  return { open: () => open.size, dropped: () => dropped };
}
