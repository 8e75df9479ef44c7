import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtemp, realpath, rm, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import {
  authenticatedUser,
  BASIC_AUTH_CHALLENGE,
  type GitCredentials,
  registerCredentialSecrets,
} from "./basic-auth";
import { readCgiResponseHead } from "./cgi-response";
import { createCgiSlots } from "./cgi-slots";
import { resolveGitRequest } from "./git-request-path";
import { httpBackendPath, killProcessGroup, spawnHttpBackend } from "./http-backend";
import { type GitRequestRecord, newRequestRecord } from "./request-record";
import { createBareRepo, repoUrlFor } from "./served-repos";
import { type GitServerLimits, httpServerOptions, limitSockets, resolveLimits } from "./server-limits";

export type { GitRequestRecord } from "./request-record";
export { DEFAULT_GIT_SERVER_LIMITS, type GitServerLimits } from "./server-limits";

export interface GitServerOptions {
  /** Interface to listen on; default 127.0.0.1. Use 0.0.0.0 when a cluster container must reach it. */
  host?: string;
  /** Default 0: the OS picks a free port. */
  port?: number;
  /** When set, every request needs these as HTTP Basic credentials. */
  credentials?: GitCredentials;
  /** How many requests requestLog() keeps, oldest dropped first; default 500. */
  requestLogLimit?: number;
  /** Overrides of DEFAULT_GIT_SERVER_LIMITS (timeouts, sockets, concurrent CGIs); self-tests shrink them. */
  limits?: Partial<GitServerLimits>;
  /** Where the repos' folder is made; default the temp dir. A run passes its work folder, swept if it is killed. */
  parentDir?: string;
}

export interface ServedRepo {
  name: string;
  /** Clone URL without credentials, e.g. http://127.0.0.1:PORT/name.git */
  url: string;
  /** The bare repository on disk. */
  path: string;
}

export interface RepoUrlOptions {
  /** Embed the server's credentials as userinfo, as a clone of a protected server needs. */
  withCredentials?: boolean;
  /** The server as another network sees it, e.g. http://host.testcontainers.internal:PORT from inside a cluster. */
  baseUrl?: string;
}

/** What the server holds at this moment, and what it refused or peaked at since it started. */
export interface GitServerLoad {
  connections: number;
  /** Sockets closed on arrival because maxConnections were open. */
  droppedConnections: number;
  runningCgis: number;
  /** Requests waiting for a CGI slot. */
  queuedCgis: number;
  peakCgis: number;
}

export interface GitServer extends AsyncDisposable {
  /** Base URL, e.g. http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  /** Temporary directory holding the bare repositories; removed by close(). */
  readonly root: string;
  readonly credentials: GitCredentials | undefined;
  createRepo(name: string): Promise<ServedRepo>;
  repoUrl(name: string, options?: RepoUrlOptions): string;
  /** The most recent completed requests, oldest first (copies). */
  requestLog(): GitRequestRecord[];
  /** Sockets and CGIs now, for self-tests and for diagnosing a run that the limits slowed or refused. */
  load(): GitServerLoad;
  /** Ends open connections and running CGIs, frees the port and removes `root`. Idempotent. */
  close(): Promise<void>;
}

const MAX_STDERR_CHARS = 4096;

/** Starts a Git smart-HTTP server: `git http-backend` (CGI) behind node:http, serving bare repos from a temp dir. */
export async function startGitServer(options: GitServerOptions = {}): Promise<GitServer> {
  const host = options.host ?? "127.0.0.1";
  const credentials = options.credentials;
  const requestLogLimit = options.requestLogLimit ?? 500;
  const limits = resolveLimits(options.limits);
  if (credentials) registerCredentialSecrets(credentials);

  const httpBackend = await httpBackendPath();
  const root = await realpath(await mkdtemp(join(options.parentDir ?? tmpdir(), "gitops-git-server-")));
  const records: GitRequestRecord[] = [];
  const runningCgis = new Map<ChildProcessWithoutNullStreams, Promise<void>>();
  const cgiSlots = createCgiSlots(limits.maxConcurrentCgis);
  let peakCgis = 0;
  let closing: Promise<void> | undefined;

  const server = createServer(httpServerOptions(limits), (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) respondText(res, 500, `git server error: ${String(error)}`);
      else res.destroy();
    });
  });
  const sockets = limitSockets(server, limits);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const rawUrl = req.url ?? "";
    const record = newRequestRecord(req);
    res.on("close", () => {
      record.status = res.headersSent ? res.statusCode : 0;
      record.durationMs = Math.round(performance.now() - started);
      records.push(record);
      if (records.length > requestLogLimit) records.splice(0, records.length - requestLogLimit);
    });
    const refuse = (status: number, reason: string, headers: Record<string, string> = {}) => {
      record.error = reason;
      respondText(res, status, reason, headers);
    };

    if (credentials) {
      record.user = authenticatedUser(req.headers.authorization, credentials);
      if (!record.user) {
        return refuse(401, "authentication required", { "WWW-Authenticate": BASIC_AUTH_CHALLENGE });
      }
    }
    if (req.method !== "GET" && req.method !== "POST") {
      return refuse(405, `method ${req.method} not allowed`, { Allow: "GET, POST" });
    }
    const target = resolveGitRequest(root, rawUrl);
    if (target.kind === "rejected") return refuse(target.status, target.reason);
    // Checked here so a clone or push of a missing repo gets a plain 404 at once.
    if (!(await isBareRepoInside(root, target.repoDir))) {
      return refuse(404, `repository ${target.repoDirName} not found`);
    }
    if (closing) return refuse(503, "git server is shutting down");

    // Waits while maxConcurrentCgis run; a client that hangs up meanwhile leaves the queue unserved.
    const hungUp = new AbortController();
    res.once("close", () => hungUp.abort());
    if (res.destroyed) hungUp.abort(); // it hung up during the checks above
    let release: () => void;
    try {
      release = await cgiSlots.acquire(hungUp.signal);
    } catch {
      record.error = "client hung up while waiting for a CGI slot";
      return;
    }

    record.cgiInvoked = true;
    const cgi = spawnHttpBackend(httpBackend, req, {
      root,
      pathInfo: target.pathInfo,
      query: target.query,
      user: record.user,
    });
    runningCgis.set(
      cgi,
      // 'close' comes after a failed spawn too, so the slot is always given back.
      new Promise<void>((resolve) => cgi.once("close", () => resolve())).finally(() => {
        runningCgis.delete(cgi);
        release();
      }),
    );
    peakCgis = Math.max(peakCgis, runningCgis.size);
    let stderr = "";
    cgi.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      if (stderr.length < MAX_STDERR_CHARS) stderr += chunk.slice(0, MAX_STDERR_CHARS - stderr.length);
      record.error = stderr.trim();
    });
    const spawnFailed = new Promise<never>((_, reject) => cgi.once("error", reject));
    spawnFailed.catch(() => {});
    // A client that hangs up (or close()) must not leave the CGI waiting on its stdin.
    res.on("close", () => {
      if (!res.writableFinished) killProcessGroup(cgi);
    });

    // The CGI may answer without reading the body (EPIPE) or the client may abort: both end here quietly.
    pipeline(
      req,
      async function* countBytes(body: AsyncIterable<Buffer>) {
        for await (const chunk of body) {
          record.requestBytes += chunk.length;
          yield chunk;
        }
      },
      cgi.stdin,
    ).catch(() => {});

    let head: Awaited<ReturnType<typeof readCgiResponseHead>>;
    try {
      head = await Promise.race([readCgiResponseHead(cgi.stdout), spawnFailed]);
    } catch (error) {
      return refuse(502, `git http-backend failed: ${String(error)}`);
    }
    if (!head) {
      await runningCgis.get(cgi);
      return refuse(502, `git http-backend ended without a response: ${stderr.trim()}`);
    }
    for (const [name, value] of head.headers) res.appendHeader(name, value);
    res.writeHead(head.status, head.statusMessage);
    res.write(head.bodyStart);
    await pipeline(cgi.stdout, res).catch(() => res.destroy());
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await rm(root, { recursive: true, force: true });
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(host)}:${port}`;

  const repoUrl = (name: string, urlOptions: RepoUrlOptions = {}): string =>
    repoUrlFor(urlOptions.baseUrl ?? url, name, urlOptions.withCredentials ? credentials : undefined);

  const close = (): Promise<void> => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const cgi of runningCgis.keys()) killProcessGroup(cgi);
      await closed;
      await Promise.all(runningCgis.values());
      await rm(root, { recursive: true, force: true });
    })();
    return closing;
  };

  return {
    url,
    port,
    root,
    credentials,
    repoUrl,
    requestLog: () => records.map((record) => ({ ...record })),
    load: () => ({
      connections: sockets.open(),
      droppedConnections: sockets.dropped(),
      runningCgis: runningCgis.size,
      queuedCgis: cgiSlots.waiting,
      peakCgis,
    }),
    close,
    [Symbol.asyncDispose]: close,
    async createRepo(name: string): Promise<ServedRepo> {
      return { ...(await createBareRepo(root, name)), url: repoUrl(name) };
    },
  };
}

/** `app` and `app.git` both name the bare repo `app.git`; anything that could leave the root is refused. */

async function isBareRepoInside(root: string, repoDir: string): Promise<boolean> {
  try {
    // realpath, so a symlink planted under the root cannot point elsewhere.
    const real = await realpath(repoDir);
    return real.startsWith(`${root}/`) && (await stat(join(real, "HEAD"))).isFile();
  } catch {
    return false;
  }
}

function respondText(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", ...headers });
  res.end(`${message}\n`);
}

/** 0.0.0.0 / :: listen everywhere but are not addresses to connect to; IPv6 literals need brackets in URLs. */
function urlHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}
