import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";

/**
 * For self-tests only: a Kubernetes API stand-in on 127.0.0.1 (plain HTTP)
 * that records every request and answers from a route table. The real
 * client-node stack (KubeConfig, middleware, undici) talks to it, so tests see
 * the method, path, Content-Type and body a helper actually sends.
 */

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  contentType: string | undefined;
  /** Parsed JSON when the body is JSON, the raw text otherwise, undefined when empty. */
  body: unknown;
}

export interface StubReply {
  status?: number;
  body: unknown;
}

export interface StubRoute {
  method: string;
  path: string | RegExp;
  reply: (request: RecordedRequest) => StubReply;
}

export interface StubKubeApi {
  url: string;
  /** A kubeconfig YAML whose current context points at the stub (bearer token, TLS verification off). */
  kubeconfig: string;
  requests: RecordedRequest[];
  close: () => Promise<void>;
}

/** A Kubernetes `Status` body, as the API server sends with every error. */
export function statusBody(code: number, reason: string, message: string): StubReply {
  return {
    status: code,
    body: { kind: "Status", apiVersion: "v1", status: "Failure", message, reason, code },
  };
}

/** A list as the API server returns it, e.g. `listBody("PodList", pods)`. */
export function listBody(kind: string, items: readonly unknown[]): StubReply {
  return { body: { kind, apiVersion: "v1", metadata: {}, items } };
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function startStubKubeApi(routes: readonly StubRoute[]): Promise<StubKubeApi> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://stub");
    const request: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      contentType: req.headers["content-type"],
      body: parseBody(Buffer.concat(chunks).toString("utf8")),
    };
    requests.push(request);
    const route = routes.find(
      (r) =>
        r.method === request.method &&
        (typeof r.path === "string" ? r.path === request.path : r.path.test(request.path)),
    );
    const reply = route
      ? route.reply(request)
      : statusBody(404, "NotFound", `the stub has no route for ${request.method} ${request.path}`);
    res.writeHead(reply.status ?? 200, { "content-type": "application/json" });
    res.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfig = [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: stub",
    "  cluster:",
    `    server: ${url}`,
    "    insecure-skip-tls-verify: true",
    "users:",
    "- name: stub",
    "  user:",
    "    token: stub-token-not-a-secret",
    "contexts:",
    "- name: stub",
    "  context:",
    "    cluster: stub",
    "    user: stub",
    "    namespace: default",
    "current-context: stub",
    "",
  ].join("\n");
  return {
    url,
    kubeconfig,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Call in a describe block (or at a file's top level): `start` serves a stub
 * that is closed after the test, whether it passed or not.
 */
export function useStubKubeApi(): { start: (routes: readonly StubRoute[]) => Promise<StubKubeApi> } {
  const open: StubKubeApi[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((stub) => stub.close()));
  });
  return {
    start: async (routes) => {
      const stub = await startStubKubeApi(routes);
      open.push(stub);
      return stub;
    },
  };
}
