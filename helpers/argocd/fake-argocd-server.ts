import { randomBytes } from "node:crypto";
import http, { type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * For self-tests: a real HTTP server standing in for argocd-server, so the client's requests
 * go over the wire as they would against the cluster. It logs users in, checks bearer tokens,
 * refuses non-GET requests without Content-Type exactly application/json (415, as the real
 * server does) and records every request. Each test adds the routes it needs.
 */
export interface RecordedRequest {
  method: string;
  /** Path as sent, still percent-encoded, without the query. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
  /** The user whose token was presented, when it was valid. */
  user?: string;
}

export type RouteHandler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export interface FakeArgoCd {
  url: string;
  port: number;
  /** Every request, oldest first, including logins and refused ones. */
  requests: RecordedRequest[];
  /** Tokens issued so far, oldest first. */
  tokens: string[];
  /** Answers `METHOD path` (path as sent, without query). Authenticated unless `public` is set. */
  route(method: string, path: string, handler: RouteHandler, options?: { public?: boolean }): void;
  /** Makes every issued token invalid, as a password change does. */
  revokeTokens(): void;
  setPassword(user: string, password: string): void;
  close(): Promise<void>;
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

/** A unary gRPC-gateway error body: {"error","code","message"}. */
export function sendGrpcError(response: ServerResponse, status: number, code: number, message: string): void {
  sendJson(response, status, { error: message, code, message, details: [] });
}

export async function startFakeArgoCd(
  users: Record<string, string>,
  options: { port?: number } = {},
): Promise<FakeArgoCd> {
  const passwords = new Map(Object.entries(users));
  const validTokens = new Map<string, string>();
  const tokens: string[] = [];
  const requests: RecordedRequest[] = [];
  const routes = new Map<string, { handler: RouteHandler; public: boolean }>();

  routes.set("POST /api/v1/session", {
    public: true,
    handler: (request, response) => {
      const { username, password } = JSON.parse(request.body || "{}") as Record<string, string>;
      if (!username || !password) return sendGrpcError(response, 401, 16, "no credentials supplied");
      if (passwords.get(username) !== password)
        return sendGrpcError(response, 401, 16, "Invalid username or password");
      const token = `fake-jwt.${randomBytes(12).toString("hex")}`;
      tokens.push(token);
      validTokens.set(token, username);
      sendJson(response, 200, { token });
    },
  });

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const user = bearer ? validTokens.get(bearer) : undefined;
    const request: RecordedRequest = {
      method: req.method ?? "",
      // req.url keeps the percent-encoding the client sent; URL.pathname would too, but normalise nothing.
      path: (req.url ?? "/").split("?")[0] ?? "/",
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
      ...(user ? { user } : {}),
    };
    requests.push(request);
    // As argocd-server: an exact, case-insensitive match on every non-GET (docs/upstream/argo-cd.md §0).
    if (
      request.method !== "GET" &&
      (req.headers["content-type"] ?? "").toLowerCase() !== "application/json"
    ) {
      res.writeHead(415, { "content-type": "text/plain" });
      return res.end("Invalid content type");
    }
    const route = routes.get(`${request.method} ${request.path}`);
    if (!route) return sendGrpcError(res, 404, 5, `the fake has no route ${request.method} ${request.path}`);
    if (!route.public && !user) {
      const message = bearer
        ? "invalid session: account password has changed since token issued"
        : "no session information";
      return sendGrpcError(res, 401, 16, message);
    }
    await route.handler(request, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    tokens,
    route(method, path, handler, routeOptions = {}) {
      routes.set(`${method} ${path}`, { handler, public: routeOptions.public ?? false });
    },
    revokeTokens() {
      validTokens.clear();
    },
    setPassword(user, password) {
      passwords.set(user, password);
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
