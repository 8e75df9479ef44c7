import pRetry, { AbortError } from "p-retry";
import { attachText } from "../report/attach";
import { REDACTED, redact, registerSecret } from "../report/redaction";
import { step } from "../report/step";
import { timeoutFor } from "../wait/timeouts";
import { clipped, requestTranscript, responseTranscript } from "./api-transcript";
import { type ApiRequestRef, ArgoCdApiError, ArgoCdTransportError, parseErrorBody } from "./argocd-api-error";
import { permissionDeniedAsPromised } from "./refusal-as-promised";
import { transportFailure } from "./transport-failure";

export interface ArgoCdSessionOptions {
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

type Method = "GET" | "POST" | "PUT" | "DELETE";
type Query = Record<string, string | number | boolean | undefined>;

/** One call of the REST API, as an endpoint describes it. */
export interface ApiCall {
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

/** Reads a 2xx response: the value for the caller and the text the report attaches. */
export type ResponseReader<T> = (
  response: Response,
  request: ApiRequestRef,
) => Promise<{ value: T; summary: string }>;

/**
 * One account's session with argocd-server (docs/upstream/argo-cd.md §0–§1) and the HTTP
 * under it. Logs in lazily, re-logs in once on 401 (tokens die after a password change),
 * retries transport failures only, and runs every call as a report step with its request and
 * response attached, secrets masked and redacted.
 */
export class ArgoCdSession {
  readonly baseUrl: string;
  readonly username: string;
  private password: string;
  private readonly fetchImpl: typeof fetch;
  private readonly requestTimeoutMs: number;
  /** Bound on a GET with ?refresh, for the endpoints that ask for one. */
  readonly refreshTimeoutMs: number;
  private readonly transportRetry: { retries: number; minTimeoutMs: number };
  private token: Promise<string> | undefined;

  constructor(options: ArgoCdSessionOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.username = options.username;
    this.password = options.password;
    registerSecret(options.password);
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.requestTimeoutMs = options.requestTimeoutMs ?? timeoutFor("quick");
    this.refreshTimeoutMs = options.refreshTimeoutMs ?? timeoutFor("sync");
    this.transportRetry = options.transportRetry ?? { retries: 4, minTimeoutMs: 250 };
  }

  /** After this account's password changed: the next call logs in again with the new one. */
  passwordChanged(newPassword: string): void {
    registerSecret(newPassword);
    this.password = newPassword;
    this.token = undefined;
  }

  /** A call whose answer is JSON (an empty body is `{}`). */
  json<T>(call: ApiCall): Promise<T> {
    return this.exchange(call, async (response) => {
      const text = await response.text();
      try {
        return {
          value: (text.trim() === "" ? {} : JSON.parse(text)) as T,
          summary: responseTranscript(text),
        };
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
  exchange<T>(call: ApiCall, read: ResponseReader<T>): Promise<T> {
    const request: ApiRequestRef = {
      method: call.method,
      path: withQuery(call.path, call.query),
      username: this.username,
    };
    return step(
      `Argo CD API as ${this.username}: ${call.what}`,
      async () => {
        await attachText("request", requestTranscript(request, call.body));
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
          await attachText(`response: HTTP ${response.status} after ${elapsed}`, responseTranscript(text));
          throw new ArgoCdApiError(request, response.status, parsed.message, parsed.grpcCode);
        }
        try {
          const { value, summary } = await read(response, request);
          await attachText(`response: HTTP ${response.status} after ${elapsed}`, clipped(summary));
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
      },
      { expectedRefusal: permissionDeniedAsPromised },
    );
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
      await attachText("request", requestTranscript(request, body));
      const call: ApiCall = {
        what: "log in",
        method: "POST",
        path: "/api/v1/session",
        body,
        idempotent: true,
      };
      const response = await this.send(call, request, undefined);
      const text = await response.text();
      if (!response.ok) {
        const parsed = parseErrorBody(text);
        await attachText(`response: HTTP ${response.status}`, responseTranscript(text));
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
  private send(call: ApiCall, request: ApiRequestRef, token: string | undefined): Promise<Response> {
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

function withQuery(path: string, query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const encoded = params.toString();
  return encoded ? `${path}?${encoded}` : path;
}
