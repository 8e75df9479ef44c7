import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, realpath, rm, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { INFRASTRUCTURE_PREFIX } from "../report/categories";
import {
  authenticatedUser,
  BASIC_AUTH_CHALLENGE,
  type GitCredentials,
  registerCredentialSecrets,
} from "./basic-auth";
import { readCgiResponseHead } from "./cgi-response";
import { isolatedGitEnv } from "./git-env";
import { resolveGitRequest } from "./git-request-path";
import { createBareRepo, exists, repoUrlFor } from "./served-repos";

export interface GitServerOptions {
  /** Interface to listen on; default 127.0.0.1. Use 0.0.0.0 when a cluster container must reach it. */
  host?: string;
  /** Default 0: the OS picks a free port. */
  port?: number;
  /** When set, every request needs these as HTTP Basic credentials. */
  credentials?: GitCredentials;
  /** How many requests requestLog() keeps, oldest dropped first; default 500. */
  requestLogLimit?: number;
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

/** One request as the server saw it; enough to prove who fetched what, never the credentials. */
export interface GitRequestRecord {
  at: string;
  method: string;
  /** The request path as sent (no query). */
  path: string;
  query: string;
  /** git-upload-pack (clone / fetch / ls-remote) or git-receive-pack (push), when the request names one. */
  service?: string;
  status: number;
  durationMs: number;
  remoteAddress?: string;
  user?: string;
  gitProtocol?: string;
  contentEncoding?: string;
  /** Absent when the body came chunked, as large pushes do. */
  contentLength?: number;
  /** Request body bytes streamed to git http-backend. */
  requestBytes: number;
  cgiInvoked: boolean;
  /** Why the server refused the request, or what git http-backend printed on stderr. */
  error?: string;
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
  /** Ends open connections and running CGIs, frees the port and removes `root`. Idempotent. */
  close(): Promise<void>;
}

const execFileAsync = promisify(execFile);
const MAX_STDERR_CHARS = 4096;

/** Starts a Git smart-HTTP server: `git http-backend` (CGI) behind node:http, serving bare repos from a temp dir. */
export async function startGitServer(options: GitServerOptions = {}): Promise<GitServer> {
  const host = options.host ?? "127.0.0.1";
  const credentials = options.credentials;
  const requestLogLimit = options.requestLogLimit ?? 500;
  if (credentials) registerCredentialSecrets(credentials);

  const httpBackend = await httpBackendPath();
  const root = await realpath(await mkdtemp(join(tmpdir(), "gitops-git-server-")));
  const records: GitRequestRecord[] = [];
  const runningCgis = new Map<ChildProcess, Promise<void>>();
  let closing: Promise<void> | undefined;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) respondText(res, 500, `git server error: ${String(error)}`);
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const rawUrl = req.url ?? "";
    const queryStart = rawUrl.indexOf("?");
    const record: GitRequestRecord = {
      at: new Date().toISOString(),
      method: req.method ?? "",
      path: (queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart)).slice(0, 500),
      query: queryStart === -1 ? "" : rawUrl.slice(queryStart + 1, queryStart + 501),
      service: serviceOf(rawUrl),
      status: 0,
      durationMs: 0,
      remoteAddress: req.socket.remoteAddress,
      gitProtocol: header(req, "git-protocol"),
      contentEncoding: header(req, "content-encoding"),
      contentLength:
        req.headers["content-length"] === undefined ? undefined : Number(req.headers["content-length"]),
      requestBytes: 0,
      cgiInvoked: false,
    };
    res.on("close", () => {
      record.status = res.statusCode;
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

    record.cgiInvoked = true;
    const cgi = spawn(httpBackend, [], {
      env: isolatedGitEnv({
        GIT_PROJECT_ROOT: root,
        // Stryker disable next-line StringLiteral: equivalent, http-backend only checks that the variable is set.
        GIT_HTTP_EXPORT_ALL: "1",
        GATEWAY_INTERFACE: "CGI/1.1",
        SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
        REQUEST_METHOD: req.method,
        PATH_INFO: target.pathInfo,
        QUERY_STRING: target.query,
        REMOTE_ADDR: req.socket.remoteAddress ?? "",
        ...definedOnly({
          REMOTE_USER: record.user,
          CONTENT_TYPE: header(req, "content-type"),
          // Absent for chunked bodies: http-backend then reads stdin to EOF.
          CONTENT_LENGTH: header(req, "content-length"),
          // http-backend inflates gzip request bodies itself.
          HTTP_CONTENT_ENCODING: record.contentEncoding,
          GIT_PROTOCOL: record.gitProtocol,
        }),
      }),
      // Stryker disable next-line ArrayDeclaration: equivalent, pipes are spawn's default; written out for the reader.
      stdio: ["pipe", "pipe", "pipe"],
      // Its own process group, so killing it also ends the upload-pack / receive-pack it runs.
      detached: true,
    });
    runningCgis.set(
      cgi,
      new Promise<void>((resolve) => cgi.once("close", () => resolve())).finally(() =>
        runningCgis.delete(cgi),
      ),
    );
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
    close,
    [Symbol.asyncDispose]: close,
    async createRepo(name: string): Promise<ServedRepo> {
      return { ...(await createBareRepo(root, name)), url: repoUrl(name) };
    },
  };
}

/** The CGI binary itself rather than the `git http-backend` wrapper, which would be the only process a kill reaches. */
async function httpBackendPath(): Promise<string> {
  const { stdout } = await execFileAsync("git", ["--exec-path"], { env: isolatedGitEnv() });
  const path = join(stdout.trim(), "git-http-backend");
  if (!(await exists(path)))
    throw new Error(`${INFRASTRUCTURE_PREFIX} git-http-backend not found at ${path}`);
  return path;
}

function killProcessGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
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

function serviceOf(rawUrl: string): string | undefined {
  return (
    /[?&]service=(git-[a-z-]+)/.exec(rawUrl)?.[1] ??
    /\/(git-(?:upload|receive)-pack)(?:\?|$)/.exec(rawUrl)?.[1]
  );
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

function definedOnly(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    // Stryker disable next-line MethodExpression: equivalent at run time, spawn() drops undefined variables; typing needs it.
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
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
