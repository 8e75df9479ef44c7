import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { checkKubeconfig } from "./kubeconfig-check";
import { PreflightError } from "./preflight-error";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "doctor-kubeconfig-"));
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

function kubeconfig(server: string, options: { currentContext?: string; name?: string } = {}): string {
  const file = path.join(dir, options.name ?? "config");
  writeFileSync(
    file,
    [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      "- name: lab",
      "  cluster:",
      `    server: ${server}`,
      // The Kubernetes client refuses plain http unless TLS verification is explicitly off.
      "    insecure-skip-tls-verify: true",
      "users:",
      "- name: student",
      "  user:",
      "    token: test-token-123456",
      "contexts:",
      "- name: lab",
      "  context: { cluster: lab, user: student }",
      `current-context: "${options.currentContext ?? "lab"}"`,
      "",
    ].join("\n"),
  );
  return file;
}

/** A tiny API server: answers GET /version with `status`, recording the Authorization header it got. */
async function apiServer(status = 200) {
  const seen: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers.authorization);
    res.writeHead(req.url === "/version" ? status : 404, { "content-type": "application/json" });
    res.end(JSON.stringify({ major: "1", minor: "36", gitVersion: "v1.36.2+k3s1" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The check as the run makes it: client-node reads KUBECONFIG and HOME from the process. The
 * test contexts are named in LAB_EXISTING_CONTEXT unless a test says otherwise.
 */
const check = (env: { KUBECONFIG?: string; LAB_EXISTING_CONTEXT?: string }, timeoutMs = 3_000) => {
  vi.stubEnv("KUBECONFIG", env.KUBECONFIG ?? "");
  vi.stubEnv("HOME", dir);
  const named = "LAB_EXISTING_CONTEXT" in env ? env.LAB_EXISTING_CONTEXT : "lab";
  return checkKubeconfig({ timeoutMs, env: { LAB_EXISTING_CONTEXT: named } });
};

function expectOneParagraph(message: string) {
  expect(message).toMatch(/^Infrastructure: /);
  expect(message).not.toContain("\n");
}

describe("Existing cluster (KUBECONFIG)", () => {
  it("stops before contacting a context that LAB_EXISTING_CONTEXT does not name", async () => {
    const api = await apiServer();
    try {
      const prod = path.join(dir, "prod-eks.yaml");
      writeFileSync(prod, readFileSync(kubeconfig(api.url), "utf8").replaceAll("lab", "prod-eks"));
      for (const named of [undefined, "lab"]) {
        const result = await check({ KUBECONFIG: prod, LAB_EXISTING_CONTEXT: named });
        expect(result.status).toBe("fail");
        expect(result.detail).toContain('would run the labs on context "prod-eks"');
        expect(result.fix).toContain("LAB_EXISTING_CONTEXT=prod-eks");
      }
      expect(api.seen).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it("passes when the current context's API server answers /version, sending the user's credentials", async () => {
    const api = await apiServer();
    try {
      const result = await check({ KUBECONFIG: kubeconfig(api.url) });
      expect(result).toEqual({
        name: "Existing cluster (KUBECONFIG)",
        status: "ok",
        detail: expect.stringMatching(
          new RegExp(
            `^context "lab" \\(named in LAB_EXISTING_CONTEXT\\): API server ${api.url} answers, Kubernetes v1\\.36\\.2\\+k3s1\\. The run installs Argo CD .*argocd-rbac-cm`,
          ),
        ),
      });
      expect(api.seen).toEqual(["Bearer test-token-123456"]);
    } finally {
      await api.close();
    }
  });

  it("merges KUBECONFIG's files as kubectl does: a context in the second file may use the first's cluster", async () => {
    const api = await apiServer();
    try {
      const clusters = path.join(dir, "clusters.yaml");
      writeFileSync(
        clusters,
        `apiVersion: v1\nkind: Config\nclusters:\n- name: lab\n  cluster:\n    server: ${api.url}\n    insecure-skip-tls-verify: true\n`,
      );
      const context = path.join(dir, "context.yaml");
      writeFileSync(
        context,
        "apiVersion: v1\nkind: Config\nusers:\n- name: student\n  user:\n    token: merged-token-654321\ncontexts:\n- name: lab\n  context: { cluster: lab, user: student }\ncurrent-context: lab\n",
      );
      const result = await check({ KUBECONFIG: [clusters, context].join(path.delimiter) });
      expect(result.status).toBe("ok");
      expect(api.seen).toEqual(["Bearer merged-token-654321"]);
    } finally {
      await api.close();
    }
  });

  it("fails fast and clearly when nothing listens at the API server's address", async () => {
    const port = await closedPort();
    const started = performance.now();
    const result = await check({ KUBECONFIG: kubeconfig(`http://127.0.0.1:${port}`) });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.status).toBe("fail");
    expect(result.detail).toBe(
      `The API server http://127.0.0.1:${port} (context "lab") is not reachable (connect ECONNREFUSED 127.0.0.1:${port}).`,
    );
    expect(result.fix).toMatch(
      /^Start that cluster .* or unset LAB_CLUSTER to let the suite start k3s in Docker\.$/,
    );
    expectOneParagraph(new PreflightError([result]).message);
  });

  it("fails when the API server rejects the credentials", async () => {
    const api = await apiServer(401);
    try {
      const result = await check({ KUBECONFIG: kubeconfig(api.url) });
      expect(result.status).toBe("fail");
      expect(result.detail).toContain(
        'answered 401 Unauthorized: it does not accept the credentials of user "student"',
      );
    } finally {
      await api.close();
    }
  });

  it("fails on a malformed file, naming it and the parse error on one line", async () => {
    const file = path.join(dir, "broken.yaml");
    writeFileSync(file, "apiVersion: v1\nclusters: [ { name: lab\n  users: ]]\n");
    const result = await check({ KUBECONFIG: file });
    expect(result.status).toBe("fail");
    expect(result.detail).toMatch(new RegExp(`^${file} is not a valid kubeconfig \\(.+\\)\\.$`));
    expect(result.detail).not.toContain("\n");
    expectOneParagraph(new PreflightError([result]).message);
  });

  it("fails on an empty file and on a cluster entry without a server", async () => {
    const empty = path.join(dir, "empty.yaml");
    writeFileSync(empty, "\n");
    expect((await check({ KUBECONFIG: empty })).detail).toBe(
      `${empty} is not a valid kubeconfig (the file is empty).`,
    );
    const noServer = path.join(dir, "no-server.yaml");
    writeFileSync(noServer, "clusters:\n- name: lab\n  cluster: {}\n");
    expect((await check({ KUBECONFIG: noServer })).detail).toContain("clusters[0].cluster.server is missing");
  });

  it("fails on a missing file, whether named by KUBECONFIG or the default ~/.kube/config", async () => {
    const missing = path.join(dir, "nope.yaml");
    const named = await check({ KUBECONFIG: missing });
    expect(named.status).toBe("fail");
    expect(named.detail).toMatch(new RegExp(`^KUBECONFIG names ${missing}, which does not exist\\.`));
    expect(named.fix).toContain("export KUBECONFIG=");
    const byDefault = await check({});
    expect(byDefault.detail).toMatch(
      new RegExp(`^KUBECONFIG is not set and ${path.join(dir, ".kube", "config")} does not exist\\.`),
    );
  });

  it("fails when no current context is set, or it names no context, listing the ones there are", async () => {
    const none = await check({ KUBECONFIG: kubeconfig("http://127.0.0.1:1", { currentContext: "" }) });
    expect(none.status).toBe("fail");
    expect(none.detail).toContain("sets no current context (it has lab)");
    expect(none.fix).toBe("Pick one with kubectl config use-context lab, then run again.");
    const wrong = await check({ KUBECONFIG: kubeconfig("http://127.0.0.1:1", { currentContext: "prod" }) });
    expect(wrong.detail).toContain('The current context "prod" is not defined');
  });

  it("refuses a plain-http server without insecure-skip-tls-verify, as the Kubernetes client does", async () => {
    const file = path.join(dir, "http.yaml");
    writeFileSync(
      file,
      "clusters:\n- name: c\n  cluster: { server: 'http://127.0.0.1:1' }\nusers:\n- name: u\n  user: { token: t }\ncontexts:\n- name: x\n  context: { cluster: c, user: u }\ncurrent-context: x\n",
    );
    expect((await check({ KUBECONFIG: file, LAB_EXISTING_CONTEXT: "x" })).detail).toContain(
      "is plain http, which the Kubernetes client refuses",
    );
  });
});
