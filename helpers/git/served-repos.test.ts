import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { isolatedGitEnv } from "./git-env";
import { startGitServer } from "./git-http-server";
import { repoHost, repoUrlFor } from "./served-repos";

const git = promisify(execFile);

describe("repos made from another process", () => {
  it("are served by the server whose root they were created in", async () => {
    await using server = await startGitServer({
      credentials: { username: "lab", password: "s3cret-for-test" },
    });
    // What a lab worker does with the root and URL its global setup provided.
    const host = repoHost(server.root, server.url, { username: "lab", password: "s3cret-for-test" });
    const repo = await host.createRepo("t01-gitops");
    expect(repo.url).toBe(`${server.url}/t01-gitops.git`);
    const { stdout } = await git(
      "git",
      ["ls-remote", host.repoUrl("t01-gitops", { withCredentials: true })],
      {
        env: isolatedGitEnv(),
      },
    );
    expect(stdout).toBe("");
    expect(server.requestLog().at(-1)?.status).toBe(200);
  });

  it("build clone URLs for another network, with credentials only when asked", () => {
    expect(repoUrlFor("http://10.0.0.5:8080", "app")).toBe("http://10.0.0.5:8080/app.git");
    expect(repoUrlFor("http://10.0.0.5:8080", "app", { username: "u", password: "p@ss" })).toBe(
      "http://u:p%40ss@10.0.0.5:8080/app.git",
    );
  });
});
