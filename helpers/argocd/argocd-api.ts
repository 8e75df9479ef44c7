import pRetry, { AbortError } from "p-retry";
import { attachText } from "../report/attach";
import { REDACTED, redact, registerSecret } from "../report/redaction";
import { step } from "../report/step";
import { timeoutFor } from "../wait/timeouts";
import { formatSeconds } from "../wait/wait-errors";
import type {
  Application,
  ApplicationSpec,
  ApplicationTree,
  ConnectionState,
  ObjectMeta,
  ResourceDiff,
  UserInfo,
  VersionMessage,
} from "./application-types";
import { type ApiRequestRef, ArgoCdApiError, ArgoCdTransportError, parseErrorBody } from "./argocd-api-error";
import { collectPodLogs, ndjsonLines } from "./pod-log-stream";

export interface ArgoCdApiOptions {
  /** argocd-server over plain HTTP (server.insecure), e.g. http://127.0.0.1:8080 */
  baseUrl: string;
  username: string;
  password: string;
  /** For self-tests or instrumentation; global fetch by default. */
  fetchImpl?: typeof fetch;
  /** Bound on one request; default the scaled "quick" timeout. */
  requestTimeoutMs?: number;
  /** Bound on a GET with ?refresh, which blocks until the controller has reconciled; default the scaled "sync" timeout. */
  refreshTimeoutMs?: number;
  /** Retries of transport failures only (refused / reset connections); default 4 retries from 250 ms. */
  transportRetry?: { retries: number; minTimeoutMs: number };
}

export type RefreshType = "normal" | "hard";

export interface SyncOptions {
  /** Leave unset with auto-sync on: a revision other than targetRevision is refused with 400. */
  revision?: string;
  prune?: boolean;
  dryRun?: boolean;
}

export interface PodLogsQuery {
  podName: string;
  namespace: string;
  container?: string;
  tailLines?: number;
}

export interface PasswordChange {
  /** The account whose password changes. */
  name: string;
  newPassword: string;
  /** The caller's own current password (for another account: the admin's), not the target's. */
  currentPassword: string;
}

/** A rendered manifest, as the manifests endpoint returns it (one JSON object per string). */
export interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [key: string]: unknown;
}

type Method = "GET" | "POST" | "PUT" | "DELETE";
type Query = Record<string, string | number | boolean | undefined>;

interface Call {
  /** What the call does, for the step name: "sync application t07-grade-api". */
  what: string;
  method: Method;
  path: string;
  query?: Query;
  body?: unknown;
  timeoutMs?: number;
  /**
   * Whether resending after a connection reset is safe. A refused connection never reached the
   * server and is always retried; a reset one may have been acted on (a sync started).
   */
  idempotent: boolean;
}

// Attachments stay readable in the report; a whole Application is well under this.
const ATTACHMENT_LIMIT = 100_000;
const REFUSED_CODES = new Set(["ECONNREFUSED"]);
const RESET_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"]);
const SECRET_FIELD = /password|token/i;

/**
 * A small REST client for argocd-server (docs/upstream/argo-cd.md §0–§1). Logs in lazily,
 * re-logs in once on 401 (tokens die after a password change), and runs every call as a
 * report step with its request and response attached, secrets redacted.
 */
export class ArgoCdApi {
  readonly baseUrl: string;
  readonly username: string;
  private password: string;
  private readonly fetchImpl: typeof fetch;
  private readonly requestTimeoutMs: number;
  private readonly refreshTimeoutMs: number;
  private readonly transportRetry: { retries: number; minTimeoutMs: number };
  private token: Promise<string> | undefined;

  constructor(options: ArgoCdApiOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.username = options.username;
    this.password = options.password;
    registerSecret(options.password);
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.requestTimeoutMs = options.requestTimeoutMs ?? timeoutFor("quick");
    this.refreshTimeoutMs = options.refreshTimeoutMs ?? timeoutFor("sync");
    this.transportRetry = options.transportRetry ?? { retries: 4, minTimeoutMs: 250 };
  }

  getApplication(name: string, options: { refresh?: RefreshType } = {}): Promise<Application> {
    const refresh = options.refresh;
    return this.json({
      what: `get application ${name}${refresh ? ` (refresh=${refresh})` : ""}`,
      method: "GET",
      path: `/api/v1/applications/${encodeURIComponent(name)}`,
      query: { refresh },
      // The server answers a refresh only once the controller has reconciled, and never gives up by itself.
      ...(refresh ? { timeoutMs: this.refreshTimeoutMs } : {}),
      idempotent: true,
    });
  }

  async listApplications(): Promise<Application[]> {
    const list = await this.json<{ items?: Application[] | null }>({
      what: "list applications",
      method: "GET",
      path: "/api/v1/applications",
      idempotent: true,
    });
    return list.items ?? [];
  }

  /** Returns the Application with `operation` set and `status.operationState` cleared; the result comes later. */
  syncApplication(name: string, options: SyncOptions = {}): Promise<Application> {
    const body = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    const details = Object.entries(body)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(", ");
    return this.json({
      what: `sync application ${name}${details ? ` (${details})` : ""}`,
      method: "POST",
      path: `/api/v1/applications/${encodeURIComponent(name)}/sync`,
      body,
      idempotent: false,
    });
  }

  /** Returns at once; with cascade the Application disappears only after the controller cleaned up. */
  async deleteApplication(name: string, options: { cascade: boolean }): Promise<void> {
    await this.json({
      what: `delete application ${name} (cascade=${options.cascade})`,
      method: "DELETE",
      path: `/api/v1/applications/${encodeURIComponent(name)}`,
      query: { cascade: options.cascade },
      idempotent: true,
    });
  }

  updateApplicationSpec(name: string, spec: ApplicationSpec): Promise<ApplicationSpec> {
    return this.json({
      what: `update the spec of application ${name}`,
      method: "PUT",
      path: `/api/v1/applications/${encodeURIComponent(name)}/spec`,
      body: spec,
      idempotent: true,
    });
  }

  /** PUT /api/v1/applications/{name}: what the UI's Edit → Save on the app's summary sends, the whole Application. */
  updateApplication(app: Application): Promise<Application> {
    const name = app.metadata?.name ?? "";
    return this.json({
      what: `update application ${name}`,
      method: "PUT",
      path: `/api/v1/applications/${encodeURIComponent(name)}`,
      body: app,
      idempotent: true,
    });
  }

  resourceTree(name: string): Promise<ApplicationTree> {
    return this.json({
      what: `read the resource tree of application ${name}`,
      method: "GET",
      path: `/api/v1/applications/${encodeURIComponent(name)}/resource-tree`,
      idempotent: true,
    });
  }

  /** Live and target state of each managed resource, as JSON strings (what the UI's diff shows). */
  async managedResources(name: string): Promise<ResourceDiff[]> {
    const response = await this.json<{ items?: ResourceDiff[] | null }>({
      what: `read the managed resources of application ${name}`,
      method: "GET",
      path: `/api/v1/applications/${encodeURIComponent(name)}/managed-resources`,
      idempotent: true,
    });
    return response.items ?? [];
  }

  /** The manifests Argo CD renders; the server sends each as a JSON string, parsed here. */
  async manifests(name: string, options: { revision?: string } = {}): Promise<KubernetesObject[]> {
    const response = await this.json<{ manifests?: string[] | null }>({
      what: `render the manifests of application ${name}${options.revision ? ` at ${options.revision}` : ""}`,
      method: "GET",
      path: `/api/v1/applications/${encodeURIComponent(name)}/manifests`,
      query: { revision: options.revision },
      idempotent: true,
    });
    return (response.manifests ?? []).map((m) => JSON.parse(m) as KubernetesObject);
  }

  /**
   * One pod's log as the UI shows it, lines joined with "\n". When Kubernetes refuses the log
   * (pod not ready), its error text arrives as a line. Empty when no pod of the app matched.
   */
  podLogs(name: string, query: PodLogsQuery): Promise<string> {
    const call: Call = {
      what: `read the logs of pod ${query.namespace}/${query.podName}${query.container ? ` (container ${query.container})` : ""} of application ${name}`,
      method: "GET",
      path: `/api/v1/applications/${encodeURIComponent(name)}/logs`,
      query: {
        namespace: query.namespace,
        podName: query.podName,
        container: query.container,
        tailLines: query.tailLines,
        follow: false,
      },
      idempotent: true,
    };
    return this.call(call, async (response, request) => {
      if (!response.body) return { value: "", summary: "(empty body: no pod matched)" };
      const read = await collectPodLogs(ndjsonLines(response.body));
      if (read.error) {
        throw new ArgoCdApiError(
          request,
          read.error.httpCode ?? response.status,
          read.error.message,
          read.error.grpcCode,
        );
      }
      const text = read.lines.join("\n");
      const ending = read.sawLast ? "ended with last:true" : "ended without last:true (no pod matched)";
      return { value: text, summary: `${read.lines.length} log lines, stream ${ending}\n\n${text}` };
    });
  }

  /**
   * Whether this account may do `action` on `resource` for `object` (e.g. "default/t07-grade-api").
   * Throws on 400: the server does not know the resource or action, which is not a "no".
   */
  async canI(resource: string, action: string, object: string): Promise<boolean> {
    if (object === "") throw new Error("canI needs an object, e.g. default/my-app or *");
    // The object may hold "/" (`{subresource=**}`): encode each segment, keep the separators.
    const encodedObject = object.split("/").map(encodeURIComponent).join("/");
    const answer = await this.json<{ value?: string }>({
      what: `ask can-i ${action} ${resource} ${object}`,
      method: "GET",
      path: `/api/v1/account/can-i/${encodeURIComponent(resource)}/${encodeURIComponent(action)}/${encodedObject}`,
      idempotent: true,
    });
    if (answer.value === "yes") return true;
    if (answer.value === "no") return false;
    throw new Error(
      `can-i ${action} ${resource} ${object} answered neither yes nor no: ${JSON.stringify(answer)}`,
    );
  }

  /** After a change of this client's own password it logs in again with the new one. */
  async updatePassword(change: PasswordChange): Promise<void> {
    registerSecret(change.newPassword);
    registerSecret(change.currentPassword);
    await this.json({
      what: `change the password of account ${change.name}`,
      method: "PUT",
      path: "/api/v1/account/password",
      body: { newPassword: change.newPassword, currentPassword: change.currentPassword, name: change.name },
      idempotent: true,
    });
    if (change.name === this.username) {
      this.password = change.newPassword;
      this.token = undefined;
    }
  }

  /** The repository's connection state; forceRefresh tests it again instead of the 1 h cached answer. */
  async getRepository(url: string, options: { forceRefresh: boolean }): Promise<ConnectionState> {
    const repository = await this.json<{ connectionState?: ConnectionState }>({
      what: `check repository ${url}${options.forceRefresh ? " (forceRefresh)" : ""}`,
      method: "GET",
      path: `/api/v1/repositories/${encodeURIComponent(url)}`,
      query: { forceRefresh: options.forceRefresh || undefined },
      idempotent: true,
    });
    return repository.connectionState ?? {};
  }

  version(): Promise<VersionMessage> {
    return this.json({
      what: "read the server version",
      method: "GET",
      path: "/api/version",
      idempotent: true,
    });
  }

  userInfo(): Promise<UserInfo> {
    return this.json({
      what: "read the session's user info",
      method: "GET",
      path: "/api/v1/session/userinfo",
      idempotent: true,
    });
  }

  private json<T>(call: Call): Promise<T> {
    return this.call(call, async (response) => {
      const text = await response.text();
      try {
        return { value: (text.trim() === "" ? {} : JSON.parse(text)) as T, summary: prettyJson(text) };
      } catch {
        throw new Error(
          redact(
            `Argo CD API as ${this.username}: ${call.method} ${call.path} answered HTTP ${response.status} ` +
              `with a body that is not JSON: ${text.slice(0, 200)}`,
          ),
        );
      }
    });
  }

  /** One report step: the request, at most one re-login on 401, and the response or the error. */
  private call<T>(
    call: Call,
    read: (response: Response, request: ApiRequestRef) => Promise<{ value: T; summary: string }>,
  ): Promise<T> {
    const request: ApiRequestRef = {
      method: call.method,
      path: withQuery(call.path, call.query),
      username: this.username,
    };
    return step(`Argo CD API as ${this.username}: ${call.what}`, async () => {
      await attachText("request", describeRequest(request, call.body));
      const started = performance.now();
      let token = await this.currentToken();
      let response = await this.send(call, request, token);
      if (response.status === 401) {
        // A token issued before a password change is refused; one fresh login, never a loop (lock-out).
        await response.body?.cancel();
        token = await this.currentToken(token);
        response = await this.send(call, request, token);
      }
      const elapsed = `${Math.round(performance.now() - started)} ms`;
      if (!response.ok) {
        const text = await response.text();
        const parsed = parseErrorBody(text);
        await attachText(`response: HTTP ${response.status} after ${elapsed}`, prettyJson(text));
        throw new ArgoCdApiError(request, response.status, parsed.message, parsed.grpcCode);
      }
      try {
        const { value, summary } = await read(response, request);
        await attachText(`response: HTTP ${response.status} after ${elapsed}`, clip(summary));
        return value;
      } catch (error) {
        if (error instanceof ArgoCdApiError) {
          await attachText("stream error", error.message);
          throw error;
        }
        // The body broke off or ran past the timeout after the headers came: never resent (half-read).
        if (error instanceof Error && (error.name === "TimeoutError" || error.name === "TypeError")) {
          throw transportFailure(request, error, false, call.timeoutMs ?? this.requestTimeoutMs);
        }
        throw error;
      }
    });
  }

  /** The cached token, or a new one when there is none or `stale` is the one that was just refused. */
  private async currentToken(stale?: string): Promise<string> {
    const cached = this.token;
    if (cached && (stale === undefined || (await cached.catch(() => undefined)) !== stale)) return cached;
    const login = this.login();
    this.token = login;
    // A failed login is not cached: the next call tries again (once, never in a loop).
    login.catch(() => {
      if (this.token === login) this.token = undefined;
    });
    return login;
  }

  private login(): Promise<string> {
    const request: ApiRequestRef = { method: "POST", path: "/api/v1/session", username: this.username };
    const body = { username: this.username, password: this.password };
    return step(`Argo CD API as ${this.username}: log in`, async () => {
      await attachText("request", describeRequest(request, body));
      const call: Call = { what: "log in", method: "POST", path: "/api/v1/session", body, idempotent: true };
      const response = await this.send(call, request, undefined);
      const text = await response.text();
      if (!response.ok) {
        const parsed = parseErrorBody(text);
        await attachText(`response: HTTP ${response.status}`, prettyJson(text));
        throw new ArgoCdApiError(request, response.status, parsed.message, parsed.grpcCode);
      }
      const token = (JSON.parse(text) as { token?: unknown }).token;
      if (typeof token !== "string" || token === "")
        throw new Error(`Argo CD API as ${this.username}: POST /api/v1/session answered without a token`);
      registerSecret(token);
      await attachText(`response: HTTP ${response.status}`, `{"token": "${REDACTED}"}`);
      return token;
    });
  }

  /** One HTTP exchange, retried only on transport failures (p-retry); an HTTP answer is never retried. */
  private send(call: Call, request: ApiRequestRef, token: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { Accept: "application/json" };
    // Exactly this value on every non-GET, DELETE included; anything else is a 415 (doc §0).
    if (call.method !== "GET") headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = `Bearer ${token}`;
    const timeoutMs = call.timeoutMs ?? this.requestTimeoutMs;
    const attempt = async (): Promise<Response> => {
      try {
        return await this.fetchImpl(`${this.baseUrl}${request.path}`, {
          method: call.method,
          headers,
          ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
          // A TLS-mode server redirects plain HTTP to HTTPS; say so instead of following it.
          redirect: "manual",
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const failure = transportFailure(request, error, call.idempotent, timeoutMs);
        throw failure.retryable ? failure : new AbortError(failure);
      }
    };
    return pRetry(attempt, {
      retries: this.transportRetry.retries,
      minTimeout: this.transportRetry.minTimeoutMs,
      factor: 2,
      shouldRetry: ({ error }) => error instanceof ArgoCdTransportError && error.retryable,
    }).then((response) => {
      if (response.status >= 300 && response.status < 400) {
        throw new ArgoCdTransportError(
          request,
          `argocd-server answered ${response.status} redirect to ${response.headers.get("location") ?? "?"}: ` +
            'it serves TLS. Set server.insecure: "true" in argocd-cmd-params-cm and restart argocd-server',
          "REDIRECT",
          false,
        );
      }
      return response;
    });
  }
}

function transportFailure(
  request: ApiRequestRef,
  error: unknown,
  idempotent: boolean,
  timeoutMs: number,
): ArgoCdTransportError {
  if (error instanceof Error && error.name === "TimeoutError") {
    const note = request.path.includes("refresh=")
      ? " (a refresh waits for the application controller to reconcile: is it running?)"
      : "";
    return new ArgoCdTransportError(
      request,
      `no answer within ${formatSeconds(timeoutMs)}${note}`,
      "TIMEOUT",
      false,
      { cause: error },
    );
  }
  const code = errorCode(error);
  const retryable =
    (code !== undefined && REFUSED_CODES.has(code)) || (idempotent && RESET_CODES.has(code ?? ""));
  const detail =
    error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : "";
  return new ArgoCdTransportError(
    request,
    `${code ?? "transport error"}${detail ? ` (${detail})` : ""}`,
    code,
    retryable,
    { cause: error },
  );
}

/** The system error code under fetch's "fetch failed" TypeError (cause chain, or an AggregateError's parts). */
function errorCode(error: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof error !== "object" || error === null) return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === "string") return code;
  const fromCause = errorCode(cause, depth + 1);
  if (fromCause) return fromCause;
  return Array.isArray(errors) ? errors.map((e) => errorCode(e, depth + 1)).find(Boolean) : undefined;
}

function withQuery(path: string, query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const encoded = params.toString();
  return encoded ? `${path}?${encoded}` : path;
}

/** Secret-looking fields are masked whatever their length (registerSecret ignores very short values). */
function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      SECRET_FIELD.test(k) && typeof v === "string" ? REDACTED : maskSecrets(v),
    ]),
  );
}

function describeRequest(request: ApiRequestRef, body: unknown): string {
  const lines = [`${request.method} ${request.path}`, `as ${request.username}`];
  if (request.method !== "GET") lines.push("Content-Type: application/json");
  if (body !== undefined) lines.push("", JSON.stringify(maskSecrets(body), null, 2));
  return redact(lines.join("\n"));
}

function prettyJson(text: string): string {
  try {
    return clip(JSON.stringify(maskSecrets(JSON.parse(text)), null, 2));
  } catch {
    return clip(text);
  }
}

function clip(text: string): string {
  return text.length > ATTACHMENT_LIMIT
    ? `${text.slice(0, ATTACHMENT_LIMIT)}\n… (${text.length - ATTACHMENT_LIMIT} more characters not attached)`
    : text;
}
