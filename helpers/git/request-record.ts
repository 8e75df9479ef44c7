import type { IncomingMessage } from "node:http";

/** One request as the server saw it; enough to prove who fetched what, never the credentials. */
export interface GitRequestRecord {
  at: string;
  method: string;
  /** The request path as sent (no query). */
  path: string;
  query: string;
  /** git-upload-pack (clone / fetch / ls-remote) or git-receive-pack (push), when the request names one. */
  service?: string;
  /** The status sent; 0 when the client hung up before any answer (e.g. while waiting for a CGI). */
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

/** The record of `req` as it arrives: status, duration and the rest are filled in as it is served. */
export function newRequestRecord(req: IncomingMessage): GitRequestRecord {
  const rawUrl = req.url ?? "";
  const queryStart = rawUrl.indexOf("?");
  return {
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
}

function serviceOf(rawUrl: string): string | undefined {
  return (
    /[?&]service=(git-[a-z-]+)/.exec(rawUrl)?.[1] ??
    /\/(git-(?:upload|receive)-pack)(?:\?|$)/.exec(rawUrl)?.[1]
  );
}

/** A request header as one string; repeated headers joined as HTTP allows. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}
