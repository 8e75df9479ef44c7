import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { Agent, type IncomingHttpHeaders, request } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execute, runStep } from "../exec/run-command";
import { commandLine } from "../exec/transcript";
import { REDACTED, redact } from "../report/redaction";
import { withoutUserinfo } from "./display-url";
import { isolatedGitEnv } from "./git-env";
import { type GitServer, startGitServer } from "./git-http-server";

const gitEnv = isolatedGitEnv({
  GIT_AUTHOR_NAME: "self-test",
  GIT_AUTHOR_EMAIL: "self-test@example.invalid",
  GIT_COMMITTER_NAME: "self-test",
  GIT_COMMITTER_EMAIL: "self-test@example.invalid",
});

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "git-server-test-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** The real git client; a failure throws with its transcript (shown without URL credentials). */
function git(cwd: string, ...args: string[]) {
  const argv = ["git", ...args];
  return runStep(`git ${args[0]}`, argv, { cwd, env: gitEnv, displayAs: withoutUserinfo(commandLine(argv)) });
}

/** The real git client where failure is the point; the signal turns a hang into a failed test, not a stuck run. */
function gitExpectingFailure(cwd: string, ...args: string[]) {
  return execute(["git", ...args], { cwd, env: gitEnv, signal: AbortSignal.timeout(10_000) });
}

async function newDir(name: string): Promise<string> {
  const dir = join(work, `${name}-${randomUUID().slice(0, 8)}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Clones `url`, commits `files`, pushes main; returns the clone and the pushed SHA. */
async function pushFiles(url: string, files: Record<string, string | Buffer>) {
  const clone = await newDir("clone");
  await git(work, "clone", url, clone);
  for (const [path, content] of Object.entries(files)) await writeFile(join(clone, path), content);
  await git(clone, "add", "--all");
  await git(clone, "commit", "-m", `add ${Object.keys(files).join(", ")}`);
  await git(clone, "push", "origin", "HEAD:refs/heads/main");
  const sha = (await git(clone, "rev-parse", "HEAD")).stdout.trim();
  return { clone, sha };
}

async function remoteRefs(url: string): Promise<Map<string, string>> {
  const { stdout } = await git(work, "ls-remote", url);
  return new Map(
    stdout
      .trim()
      .split("\n")
      .map((line) => line.split("\t").reverse() as [string, string]),
  );
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP request exactly as written: node:http does not normalise `..` in the path. */
function rawRequest(
  port: number,
  path: string,
  options: { headers?: Record<string, string>; agent?: Agent } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path, headers: options.headers, agent: options.agent ?? false },
      (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject).end();
  });
}

describe("startGitServer", () => {
  it("listens on a free port when given port 0, one per server", async () => {
    await using first = await startGitServer();
    await using second = await startGitServer({ port: 0 });
    expect(first.port).toBeGreaterThan(0);
    expect(second.port).not.toBe(first.port);
    expect(first.url).toBe(`http://127.0.0.1:${first.port}`);
    expect((await stat(first.root)).isDirectory()).toBe(true);
    expect(first.root).not.toBe(second.root);
  });

  it("serves clone, push and ls-remote to the real git client", async () => {
    await using server = await startGitServer();
    const repo = await server.createRepo("app");
    expect(repo).toEqual({ name: "app", url: `${server.url}/app.git`, path: join(server.root, "app.git") });

    const { sha } = await pushFiles(repo.url, { "deployment.yaml": "kind: Deployment\n" });

    expect((await remoteRefs(repo.url)).get("refs/heads/main")).toBe(sha);
    const { stdout: symref } = await git(work, "ls-remote", "--symref", repo.url, "HEAD");
    expect(symref).toContain("ref: refs/heads/main\tHEAD");
    const fresh = await newDir("fresh");
    await git(work, "clone", repo.url, fresh);
    expect(await readFile(join(fresh, "deployment.yaml"), "utf8")).toBe("kind: Deployment\n");
    expect(server.requestLog()).toContainEqual(
      expect.objectContaining({ method: "POST", service: "git-receive-pack", status: 200, cgiInvoked: true }),
    );
  });

  it("streams a chunked multi-megabyte push and gzip-compressed fetch requests through the CGI", async () => {
    await using server = await startGitServer();
    const repo = await server.createRepo("big");
    const blob = randomBytes(3 * 1024 * 1024); // incompressible, so the pack exceeds git's 1 MiB post buffer
    const { clone } = await pushFiles(repo.url, { "blob.bin": blob });
    // Many distinct tips make the fetch request body exceed 1 KiB, above which git gzips it.
    const commits = Array.from(
      { length: 60 },
      (_, i) => `commit refs/heads/b${i}\ncommitter t <t@example.invalid> 0 +0000\ndata 3\nb${i}\n\n`,
    ).join("");
    await runStep("git fast-import (60 branches)", ["git", "fast-import", "--quiet"], {
      cwd: clone,
      env: gitEnv,
      input: commits,
    });
    await git(clone, "push", "origin", "refs/heads/b*:refs/heads/b*");

    const fresh = await newDir("fresh");
    await git(work, "clone", "--no-single-branch", repo.url, fresh);

    const digest = (data: Buffer) => createHash("sha256").update(data).digest("hex");
    expect(digest(await readFile(join(fresh, "blob.bin")))).toBe(digest(blob));
    expect((await remoteRefs(repo.url)).size).toBe(62); // HEAD, main, b0..b59
    const log = server.requestLog();
    const bigPush = log.find((r) => r.service === "git-receive-pack" && r.requestBytes > 2 * 1024 * 1024);
    expect(bigPush).toMatchObject({ method: "POST", status: 200, contentLength: undefined });
    expect(log).toContainEqual(
      expect.objectContaining({
        service: "git-upload-pack",
        method: "POST",
        contentEncoding: "gzip",
        status: 200,
      }),
    );
  });

  it("serves two repositories at once, each with its own history", async () => {
    await using server = await startGitServer();
    const [alpha, beta] = await Promise.all([server.createRepo("alpha"), server.createRepo("beta.git")]);
    const [pushedAlpha, pushedBeta] = await Promise.all([
      pushFiles(alpha.url, { "name.txt": "alpha\n" }),
      pushFiles(beta.url, { "name.txt": "beta\n" }),
    ]);

    expect((await remoteRefs(alpha.url)).get("refs/heads/main")).toBe(pushedAlpha.sha);
    expect((await remoteRefs(beta.url)).get("refs/heads/main")).toBe(pushedBeta.sha);
    expect(pushedAlpha.sha).not.toBe(pushedBeta.sha);
    expect(beta.url).toBe(`${server.url}/beta.git`);
  });

  it("fails a push, clone or ls-remote of a missing repository at once with a 404", async () => {
    await using server = await startGitServer();
    await server.createRepo("present");
    const { clone } = await pushFiles(server.repoUrl("present"), { "a.txt": "a\n" });

    const push = await gitExpectingFailure(clone, "push", server.repoUrl("missing"), "HEAD:refs/heads/main");
    const cloneMissing = await gitExpectingFailure(
      work,
      "clone",
      server.repoUrl("missing"),
      join(work, "nope"),
    );
    const lsRemote = await gitExpectingFailure(work, "ls-remote", server.repoUrl("missing"));

    for (const attempt of [push, cloneMissing, lsRemote]) {
      expect(attempt.exitCode).toBe(128);
      expect(attempt.stderr).toMatch(/repository '.*missing\.git\/' not found/);
    }
    const refused = server.requestLog().filter((r) => r.path.startsWith("/missing.git/"));
    expect(refused).toHaveLength(3);
    expect(refused.every((r) => r.status === 404 && !r.cgiInvoked)).toBe(true);
  });

  it("refuses path traversal with 400 before invoking the CGI", async () => {
    await using server = await startGitServer();
    await server.createRepo("app");
    // A real bare repo outside the root: what a traversal would try to reach.
    const outside = join(work, "outside.git");
    await git(work, "init", "--bare", "--quiet", outside);
    const toOutside = relative(server.root, outside); // ../git-server-test-…/outside.git
    expect(toOutside.startsWith("..")).toBe(true);

    const legit = await rawRequest(server.port, "/app.git/info/refs?service=git-upload-pack");
    expect(legit.status).toBe(200);
    expect(legit.headers["content-type"]).toBe("application/x-git-upload-pack-advertisement");

    const attacks = [
      `/${toOutside}/info/refs?service=git-upload-pack`,
      `/${toOutside.replaceAll("..", "%2e%2e")}/info/refs?service=git-upload-pack`,
      `/${toOutside.replaceAll("..", "%2E%2E").replaceAll("/", "%2F")}/info/refs?service=git-upload-pack`,
      `/app.git/../${toOutside}/info/refs?service=git-upload-pack`,
      `/app.git/%2e%2e/%2e%2e/%2e%2e/etc/passwd`,
      `/%252e%252e/${toOutside}/info/refs`,
      `/${outside}/info/refs?service=git-upload-pack`, // absolute: //tmp/…/outside.git
      "/%2Fetc/passwd",
    ];
    for (const path of attacks) {
      const response = await rawRequest(server.port, path);
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
    }
    const records = server.requestLog();
    expect(records).toHaveLength(attacks.length + 1);
    expect(records.slice(1).some((r) => r.cgiInvoked)).toBe(false);
    await expect(server.createRepo("../escape")).rejects.toThrow(/invalid repository name/);
    await expect(server.createRepo("a/b")).rejects.toThrow(/invalid repository name/);
  });

  it("passes the CGI's Status header through", async () => {
    await using server = await startGitServer();
    await server.createRepo("app");
    const response = await rawRequest(server.port, "/app.git/info/refs?service=git-bogus");
    expect(response.status).toBe(403);
    expect(server.requestLog().at(-1)).toMatchObject({ status: 403, cgiInvoked: true });
  });

  describe("with credentials", () => {
    let server: GitServer;
    const credentials = { username: "argocd", password: `pw-${randomUUID()}` };

    beforeAll(async () => {
      server = await startGitServer({ credentials });
      await server.createRepo("private");
    });
    afterAll(async () => {
      await server.close();
    });

    it("registers the password for redaction", () => {
      expect(redact(`x ${credentials.password} y`)).toBe(`x ${REDACTED} y`);
      expect(server.repoUrl("private")).toBe(`${server.url}/private.git`);
      const withCredentials = new URL(server.repoUrl("private", { withCredentials: true }));
      expect(`${withCredentials.origin}${withCredentials.pathname}`).toBe(`${server.url}/private.git`);
      expect(withCredentials.username).toBe("argocd");
      // A boolean, so the password stays out of the report's matcher steps.
      expect(withCredentials.password === credentials.password).toBe(true);
    });

    it("answers 401 with a Basic challenge to requests without valid credentials", async () => {
      const path = "/private.git/info/refs?service=git-upload-pack";
      const anonymous = await rawRequest(server.port, path);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers["www-authenticate"]).toMatch(/^Basic realm=/);
      const basic = (user: string, password: string) =>
        `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
      const wrong = await rawRequest(server.port, path, {
        headers: { Authorization: basic("argocd", "nope") },
      });
      expect(wrong.status).toBe(401);
      // The right password under another name is no login either.
      const wrongUser = await rawRequest(server.port, path, {
        headers: { Authorization: basic("someone-else", credentials.password) },
      });
      expect(wrongUser.status).toBe(401);
      const right = await rawRequest(server.port, path, {
        headers: { Authorization: basic(credentials.username, credentials.password) },
      });
      expect(right.status).toBe(200);
    });

    it("serves no repo through a symlink under its root that points outside it", async () => {
      const outside = await newDir("outside");
      await git(outside, "init", "--bare", "-q", "stolen.git");
      await symlink(join(outside, "stolen.git"), join(server.root, "link.git"));
      const viaLink = await rawRequest(server.port, "/link.git/info/refs?service=git-upload-pack", {
        headers: {
          Authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`,
        },
      });
      expect(viaLink.status).toBe(404);
    });

    it("refuses a clone without credentials (401) and serves one with them", async () => {
      const anonymous = await gitExpectingFailure(
        work,
        "clone",
        server.repoUrl("private"),
        join(work, "anon"),
      );
      expect(anonymous.exitCode).toBe(128);
      expect(anonymous.stderr).toMatch(/terminal prompts disabled|Authentication failed/);
      expect(server.requestLog().at(-1)).toMatchObject({ status: 401, cgiInvoked: false });

      const wrongUrl = server
        .repoUrl("private", { withCredentials: true })
        .replace(credentials.password, "wrong");
      const wrong = await gitExpectingFailure(work, "clone", wrongUrl, join(work, "wrong"));
      expect(wrong.exitCode).toBe(128);
      expect(wrong.stderr).toMatch(/Authentication failed/);

      const { sha } = await pushFiles(server.repoUrl("private", { withCredentials: true }), {
        "a.txt": "a\n",
      });
      expect(
        (await remoteRefs(server.repoUrl("private", { withCredentials: true }))).get("refs/heads/main"),
      ).toBe(sha);
      expect(server.requestLog()).toContainEqual(
        expect.objectContaining({ service: "git-receive-pack", method: "POST", status: 200, user: "argocd" }),
      );
    });
  });

  it("close() ends open connections, frees the port and removes the root", async () => {
    await using server = await startGitServer(); // close() below is the subject; disposal covers a failed assertion
    await server.createRepo("app");
    const agent = new Agent({ keepAlive: true });
    const socketClosed = new Promise<void>((resolve) => {
      agent.once("free", (socket) => socket.once("close", () => resolve()));
    });
    const response = await rawRequest(server.port, "/app.git/info/refs?service=git-upload-pack", { agent });
    expect(response.status).toBe(200);

    await server.close();

    await socketClosed; // the idle keep-alive connection was ended by the server, not left to time out
    await expect(stat(server.root)).rejects.toMatchObject({ code: "ENOENT" });
    const reuse = createTcpServer();
    await new Promise<void>((resolve, reject) => {
      reuse.once("error", reject).listen(server.port, "127.0.0.1", resolve);
    });
    await new Promise<void>((resolve) => reuse.close(() => resolve()));
    await server.close(); // idempotent
    agent.destroy();
  });

  it("close() ends a push whose CGI is still waiting for the request body", async () => {
    await using server = await startGitServer(); // close() below is the subject; disposal covers a failed assertion
    await server.createRepo("app");
    const push = request({
      host: "127.0.0.1",
      port: server.port,
      path: "/app.git/git-receive-pack",
      method: "POST",
      headers: { "Content-Type": "application/x-git-receive-pack-request", "Transfer-Encoding": "chunked" },
    });
    const clientSawEnd = new Promise<void>((resolve) => push.once("close", () => resolve()));
    push.on("error", () => {}); // the server hanging up is the expected outcome
    // http-backend sends its headers before it reads the body, so a response means the CGI is running.
    const responded = new Promise<number>((resolve) =>
      push.once("response", (res) => resolve(res.statusCode ?? 0)),
    );
    push.write("00a0want"); // a pkt-line that promises 160 bytes and never delivers them
    expect(await responded).toBe(200);

    await server.close(); // resolves only once the CGI (and the receive-pack it runs) has exited

    await clientSawEnd;
    expect(server.requestLog().at(-1)).toMatchObject({ service: "git-receive-pack", cgiInvoked: true });
    await expect(stat(server.root)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("`await using` closes the server at the end of the block", async () => {
    let root: string;
    {
      await using server = await startGitServer();
      root = server.root;
      expect((await stat(root)).isDirectory()).toBe(true);
    }
    await expect(stat(root)).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("startGitServer, what it records and answers", () => {
  /** One request with any method; the body is read whole. */
  function send(port: number, method: string, path: string, headers: Record<string, string> = {}) {
    return new Promise<RawResponse>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path, method, headers, agent: false }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on("error", reject).end();
    });
  }

  it("answers a refused request in plain text, and logs who asked for what and why it was refused", async () => {
    await using server = await startGitServer();
    const before = Date.now();
    const response = await send(server.port, "GET", "/missing.git/info/refs?service=git-upload-pack", {
      "Git-Protocol": "version=2",
    });
    expect(response).toMatchObject({ status: 404, body: "repository missing.git not found\n" });
    expect(response.headers["content-type"]).toBe("text/plain; charset=utf-8");
    const [record] = server.requestLog();
    expect(record).toEqual({
      at: expect.any(String),
      method: "GET",
      path: "/missing.git/info/refs",
      query: "service=git-upload-pack",
      service: "git-upload-pack",
      status: 404,
      durationMs: expect.any(Number),
      remoteAddress: "127.0.0.1",
      gitProtocol: "version=2",
      contentEncoding: undefined,
      contentLength: undefined,
      requestBytes: 0,
      cgiInvoked: false,
      error: "repository missing.git not found",
    });
    expect(Date.parse(record?.at ?? "")).toBeGreaterThanOrEqual(before - 1_000);
    expect(record?.durationMs).toBeGreaterThanOrEqual(0);
    expect(record?.durationMs).toBeLessThan(10_000);
  });

  it("refuses methods other than GET and POST with 405 and the allowed ones", async () => {
    await using server = await startGitServer();
    await server.createRepo("app");
    for (const method of ["PUT", "DELETE"]) {
      const response = await send(server.port, method, "/app.git/info/refs");
      expect(response).toMatchObject({ status: 405, body: `method ${method} not allowed\n` });
      expect(response.headers.allow).toBe("GET, POST");
    }
    expect(server.requestLog().map((r) => r.error)).toEqual([
      "method PUT not allowed",
      "method DELETE not allowed",
    ]);
  });

  it("names the service of a POST by its path, and logs the body size it streamed to git", async () => {
    await using server = await startGitServer();
    await server.createRepo("app");
    const body = "0000";
    const response = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: server.port,
          path: "/app.git/git-upload-pack",
          method: "POST",
          headers: { "Content-Type": "application/x-git-upload-pack-request", "Content-Length": body.length },
          agent: false,
        },
        (res) => {
          res.resume().on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject).end(body);
    });
    expect(response).toBe(200);
    expect(server.requestLog().at(-1)).toMatchObject({
      service: "git-upload-pack",
      query: "",
      contentLength: 4,
      requestBytes: 4,
      cgiInvoked: true,
    });
  });

  it("answers protocol v2 when the client asks for it, as Argo CD's git does", async () => {
    await using server = await startGitServer();
    await server.createRepo("app");
    const v2 = await send(server.port, "GET", "/app.git/info/refs?service=git-upload-pack", {
      "Git-Protocol": "version=2",
    });
    expect(v2.body).toContain("version 2");
    const v0 = await send(server.port, "GET", "/app.git/info/refs?service=git-upload-pack");
    expect(v0.body).not.toContain("version 2");
  });

  it("keeps the last requestLogLimit requests, oldest dropped first, and clips long paths", async () => {
    await using server = await startGitServer({ requestLogLimit: 2 });
    for (const name of ["a", "b", "c"]) await send(server.port, "GET", `/${name}.git/info/refs`);
    expect(server.requestLog().map((r) => r.path)).toEqual(["/b.git/info/refs", "/c.git/info/refs"]);
    const long = `/${"x".repeat(600)}`;
    await send(server.port, "GET", `${long}?${"q".repeat(600)}`);
    const last = server.requestLog().at(-1);
    expect(last?.path).toBe(long.slice(0, 500));
    expect(last?.query).toBe("q".repeat(500));
    // Copies: a caller cannot rewrite the log.
    if (last) last.status = 0;
    expect(server.requestLog().at(-1)?.status).toBe(404);
  });

  it("logs a refusal by the CGI with what git http-backend said", async () => {
    await using server = await startGitServer();
    await server.createRepo("app");
    await send(server.port, "GET", "/app.git/info/refs?service=git-bogus");
    expect(server.requestLog().at(-1)?.error).toBe("Unsupported service: 'git-bogus'");
  });

  it("gives a URL other hosts can connect to, whatever address it listens on", async () => {
    {
      await using everywhere = await startGitServer({ host: "0.0.0.0" });
      expect(everywhere.url).toBe(`http://127.0.0.1:${everywhere.port}`);
    }
    {
      await using v6 = await startGitServer({ host: "::1" });
      expect(v6.url).toBe(`http://[::1]:${v6.port}`);
    }
    {
      await using anyV6 = await startGitServer({ host: "::" });
      expect(anyV6.url).toBe(`http://[::1]:${anyV6.port}`);
      expect(anyV6.repoUrl("app", { baseUrl: "http://host.testcontainers.internal:8081" })).toBe(
        "http://host.testcontainers.internal:8081/app.git",
      );
      expect(anyV6.repoUrl("app", { withCredentials: true })).toBe(`http://[::1]:${anyV6.port}/app.git`);
    }
  });

  it("listens on the port it is given, and refuses one that is taken", async () => {
    await using first = await startGitServer();
    await expect(startGitServer({ port: first.port })).rejects.toMatchObject({ code: "EADDRINUSE" });
    await using second = await startGitServer({ port: 0, host: "127.0.0.1" });
    expect(second.url).toBe(`http://127.0.0.1:${second.port}`);
  });
});

describe("startGitServer with credentials, from the start", () => {
  it("keeps the password out of the report from the moment it starts, and logs who was refused or served", async () => {
    const password = `pw-${randomUUID()}`;
    await using server = await startGitServer({ credentials: { username: "argocd", password } });
    expect(redact(`clone with ${password}`)).toBe(`clone with ${REDACTED}`);
    await server.createRepo("private");
    const path = "/private.git/info/refs?service=git-upload-pack";
    const anonymous = await rawRequest(server.port, path);
    expect(anonymous).toMatchObject({ status: 401, body: "authentication required\n" });
    expect(anonymous.headers["www-authenticate"]).toBe('Basic realm="gitops-conformance", charset="UTF-8"');
    const authorization = `Basic ${Buffer.from(`argocd:${password}`).toString("base64")}`;
    expect((await rawRequest(server.port, path, { headers: { Authorization: authorization } })).status).toBe(
      200,
    );
    expect(server.requestLog().map((r) => [r.status, r.user, r.error])).toEqual([
      [401, undefined, "authentication required"],
      [200, "argocd", undefined],
    ]);
  });
});
