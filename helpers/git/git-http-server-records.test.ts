import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { startGitServer } from "./git-http-server";
import type { RawResponse } from "./git-test-client";

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
