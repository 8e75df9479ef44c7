import { redact, redactErrorFields } from "../report/redaction";

/** gRPC status code names, as grpc-gateway maps them to HTTP (docs/upstream/argo-cd.md §0). */
const GRPC_CODE_NAMES: Readonly<Record<number, string>> = {
  0: "OK",
  1: "Canceled",
  2: "Unknown",
  3: "InvalidArgument",
  4: "DeadlineExceeded",
  5: "NotFound",
  6: "AlreadyExists",
  7: "PermissionDenied",
  8: "ResourceExhausted",
  9: "FailedPrecondition",
  10: "Aborted",
  11: "OutOfRange",
  12: "Unimplemented",
  13: "Internal",
  14: "Unavailable",
  15: "DataLoss",
  16: "Unauthenticated",
};

export const GRPC_UNAUTHENTICATED = 16;

/** The prefix of every Argo CD RBAC denial, plain or detailed ("permission denied: applications, sync, …"). */
export const PERMISSION_DENIED_PREFIX = "permission denied";

export interface ApiRequestRef {
  method: string;
  /** Path and query as sent, e.g. /api/v1/applications/t07?refresh=normal */
  path: string;
  /** The account the call was made as. */
  username: string;
}

export interface ParsedErrorBody {
  message: string;
  grpcCode?: number;
}

/**
 * Reads both error shapes grpc-gateway v1.16 writes: unary `{"error","code","message"}` and
 * stream `{"error":{"grpc_code","http_code","message","http_status"}}`. Anything else (the 415
 * "Invalid content type" is plain text) becomes the message as it is.
 */
export function parseErrorBody(text: string): ParsedErrorBody {
  const trimmed = text.trim();
  let body: unknown;
  try {
    body = JSON.parse(trimmed);
  } catch {
    return { message: trimmed };
  }
  if (typeof body !== "object" || body === null) return { message: trimmed };
  const record = body as Record<string, unknown>;
  const error = record.error;
  if (typeof error === "object" && error !== null) {
    const stream = error as Record<string, unknown>;
    return {
      message: typeof stream.message === "string" ? stream.message : trimmed,
      ...(typeof stream.grpc_code === "number" ? { grpcCode: stream.grpc_code } : {}),
    };
  }
  const message =
    typeof record.message === "string" ? record.message : typeof error === "string" ? error : trimmed;
  return { message, ...(typeof record.code === "number" ? { grpcCode: record.code } : {}) };
}

function hintFor(request: ApiRequestRef, status: number, serverMessage: string): string {
  if (status === 403 && serverMessage === PERMISSION_DENIED_PREFIX) {
    if (/^\/api\/v1\/applications\//.test(request.path))
      return " (Argo CD gives this plain denial also for an application that does not exist)";
    if (/^\/api\/v1\/repositories\//.test(request.path))
      return " (Argo CD gives this for a repository URL it does not know)";
  }
  if (status === 400 && request.path.startsWith("/api/v1/account/can-i/"))
    return " (can-i answers 400 for an unknown resource or action, e.g. `logs` is a resource, not an action)";
  if (status === 415) return " (every non-GET request needs Content-Type exactly application/json)";
  return "";
}

/** A response from argocd-server that was not 2xx. */
export class ArgoCdApiError extends Error {
  readonly method: string;
  readonly path: string;
  readonly username: string;

  constructor(
    request: ApiRequestRef,
    readonly status: number,
    /** The server's own message, e.g. "permission denied: applications, sync, default/app, sub: alice, iat: …". */
    readonly serverMessage: string,
    readonly grpcCode?: number,
  ) {
    const code =
      grpcCode === undefined ? "" : ` (gRPC ${grpcCode} ${GRPC_CODE_NAMES[grpcCode] ?? "unknown code"})`;
    super(
      redact(
        `Argo CD API as ${request.username}: ${request.method} ${request.path} answered HTTP ${status}${code}: ` +
          `${serverMessage || "(empty body)"}${hintFor(request, status, serverMessage)}`,
      ),
    );
    this.name = "ArgoCdApiError";
    this.method = request.method;
    this.path = request.path;
    this.username = request.username;
    // serverMessage and the path are the server's and the caller's text, serialized with the error.
    redactErrorFields(this);
  }

  /** An RBAC denial, plain or detailed. The detailed one ends in a changing `iat`, so only the prefix is stable. */
  isPermissionDenied(): boolean {
    return this.serverMessage.startsWith(PERMISSION_DENIED_PREFIX);
  }

  isUnauthenticated(): boolean {
    return this.status === 401 || this.grpcCode === GRPC_UNAUTHENTICATED;
  }

  isNotFound(): boolean {
    return this.status === 404;
  }

  /** 400: InvalidArgument and FailedPrecondition ("another operation is already in progress"). */
  isBadRequest(): boolean {
    return this.status === 400;
  }
}

/** argocd-server could not be reached, or did not answer in time. */
export class ArgoCdTransportError extends Error {
  constructor(
    request: ApiRequestRef,
    readonly reason: string,
    /** ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET, TIMEOUT, … when known. */
    readonly code: string | undefined,
    /** Whether sending again is safe and may help. */
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(
      redact(`Argo CD API as ${request.username}: ${request.method} ${request.path} failed: ${reason}`),
      options,
    );
    this.name = "ArgoCdTransportError";
    redactErrorFields(this);
  }
}
