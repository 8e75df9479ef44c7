import { randomUUID } from "node:crypto";
import { symlink } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDACTED, redact } from "../report/redaction";
import { type GitServer, startGitServer } from "./git-http-server";
import { git, gitExpectingFailure, rawRequest, useGitWorkDir } from "./git-test-client";

const { work, newDir, pushFiles, remoteRefs } = useGitWorkDir();

describe("startGitServer with credentials", () => {
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
      work(),
      "clone",
      server.repoUrl("private"),
      join(work(), "anon"),
    );
    expect(anonymous.exitCode).toBe(128);
    expect(anonymous.stderr).toMatch(/terminal prompts disabled|Authentication failed/);
    expect(server.requestLog().at(-1)).toMatchObject({ status: 401, cgiInvoked: false });

    const wrongUrl = server
      .repoUrl("private", { withCredentials: true })
      .replace(credentials.password, "wrong");
    const wrong = await gitExpectingFailure(work(), "clone", wrongUrl, join(work(), "wrong"));
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
