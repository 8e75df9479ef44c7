import { createHash, randomBytes } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { Agent, request } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { runStep } from "../exec/run-command";
import { startGitServer } from "./git-http-server";
import { git, gitEnv, gitExpectingFailure, rawRequest, useGitWorkDir } from "./git-test-client";

const { work, newDir, pushFiles, remoteRefs } = useGitWorkDir();

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
    const { stdout: symref } = await git(work(), "ls-remote", "--symref", repo.url, "HEAD");
    expect(symref).toContain("ref: refs/heads/main\tHEAD");
    const fresh = await newDir("fresh");
    await git(work(), "clone", repo.url, fresh);
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
    await git(work(), "clone", "--no-single-branch", repo.url, fresh);

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
      work(),
      "clone",
      server.repoUrl("missing"),
      join(work(), "nope"),
    );
    const lsRemote = await gitExpectingFailure(work(), "ls-remote", server.repoUrl("missing"));

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
    const outside = join(work(), "outside.git");
    await git(work(), "init", "--bare", "--quiet", outside);
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
