import { seconds } from "../report/seconds";
import { type ApiRequestRef, ArgoCdTransportError } from "./argocd-api-error";

/**
 * What a failed fetch to argocd-server means: a timeout, or a connection refused (never
 * reached the server: always safe to resend) or reset (may have been acted on: resent only
 * when the call is idempotent).
 */

const REFUSED_CODES = new Set(["ECONNREFUSED"]);
const RESET_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"]);

export function transportFailure(
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
      `no answer within ${seconds(timeoutMs)}${note}`,
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
