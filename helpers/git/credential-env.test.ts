import { randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialFreeRemote } from "./credential-env";
import { type GitServer, startGitServer } from "./git-http-server";
import { LabRepo } from "./lab-repo";

const credentials = { username: "argocd", password: `pw-${randomUUID()}` };

/** Every form the password could be written in; checked as a boolean so it never lands in a matcher's output. */
function holdsCredential(text: string): boolean {
  const forms = [
    credentials.password,
    encodeURIComponent(credentials.password),
    Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64"),
  ];
  return forms.some((form) => text.includes(form));
}

/** The argv of every process on this machine, as `ps` shows it to any user. */
async function allCommandLines(): Promise<string[]> {
  const pids = (await readdir("/proc")).filter((entry) => /^\d+$/.test(entry));
  const lines = await Promise.all(
    pids.map((pid) =>
      readFile(`/proc/${pid}/cmdline`, "utf8").then(
        (raw) => raw.split("\0").join(" "),
        () => "", // gone meanwhile
      ),
    ),
  );
  return lines.filter(Boolean);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe("the Git credential", () => {
  it("is split out of the URL into a header scoped to the server's origin", () => {
    const remote = credentialFreeRemote("http://argocd:p%40ss@127.0.0.1:8080/app.git");
    expect(remote.url).toBe("http://127.0.0.1:8080/app.git");
    expect(remote.env.GIT_CONFIG_KEY_0).toBe("http.http://127.0.0.1:8080/.extraHeader");
    expect(remote.env.GIT_CONFIG_VALUE_0).toBe(
      `Authorization: Basic ${Buffer.from("argocd:p@ss").toString("base64")}`,
    );
    expect(credentialFreeRemote("http://127.0.0.1:8080/app.git").env).toEqual({});
    // A token as the username alone is a credential too.
    const tokenOnly = credentialFreeRemote("http://t0ken@127.0.0.1:8080/app.git");
    expect(tokenOnly.url).toBe("http://127.0.0.1:8080/app.git");
    expect(tokenOnly.env.GIT_CONFIG_VALUE_0).toBe(
      `Authorization: Basic ${Buffer.from("t0ken:").toString("base64")}`,
    );
  });

  describe("during a clone", () => {
    let held: { request: IncomingMessage; response: ServerResponse } | undefined;
    const { promise: requestArrived, resolve: arrived } = Promise.withResolvers<void>();
    // Holds git's first request open, so its processes can be looked at mid-clone.
    const stalling = createServer((request, response) => {
      held ??= { request, response };
      arrived();
    });
    beforeAll(() => new Promise<void>((resolve) => stalling.listen(0, "127.0.0.1", resolve)));
    afterAll(() => new Promise<void>((resolve) => stalling.close(() => resolve())));

    it("is in no process's arguments, yet reaches the server", async () => {
      const { port } = stalling.address() as AddressInfo;
      const url = `http://${credentials.username}:${credentials.password}@127.0.0.1:${port}/app.git`;
      const clone = LabRepo.clone(url).catch((error: unknown) => error);
      await requestArrived;

      const commandLines = await allCommandLines();
      // The look happened while git ran: its clone is among the processes.
      expect(commandLines.some((line) => line.includes(`127.0.0.1:${port}/app.git`))).toBe(true);
      // Only the program names are shown: a failure must not print the credential it found.
      const leaking = commandLines
        .filter(holdsCredential)
        .map((line) => line.split(" ").slice(0, 2).join(" "));
      expect(leaking).toEqual([]);
      expect(holdsCredential(held?.request.headers.authorization ?? "")).toBe(true);

      held?.response.writeHead(404).end();
      expect(await clone).toBeInstanceOf(Error);
    });
  });

  describe("after a clone", () => {
    let server: GitServer;
    beforeAll(async () => {
      server = await startGitServer({ credentials });
      await server.createRepo("app");
    });
    afterAll(() => server.close());

    it("is in none of the clone's files, and the clone can still push", async () => {
      const repo = await LabRepo.clone(server.repoUrl("app", { withCredentials: true }));
      try {
        await repo.writeFiles({ "a.txt": "a\n" }, "first");
        await repo.push("main");
        const files = await filesUnder(repo.dir);
        expect(files.some((file) => file.endsWith(join(".git", "config")))).toBe(true);
        const leaking = [];
        for (const file of files) if (holdsCredential(await readFile(file, "latin1"))) leaking.push(file);
        expect(leaking).toEqual([]);
      } finally {
        await repo.remove();
      }
    });
  });
});
