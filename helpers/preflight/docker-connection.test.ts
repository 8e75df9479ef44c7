import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import Dockerode from "dockerode";
import { type ContainerRuntimeClient, getContainerRuntimeClient } from "testcontainers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkDockerReachable } from "./docker-check";
import { connectDocker, type NamedEndpoint, probeDocker } from "./docker-connection";
import { type FakeDockerApi, startFakeDockerApi, workerDockerSocket } from "./fake-docker-api";
import { startSilentServer } from "./silent-server";

// testcontainers reads DOCKER_HOST once per process, which files share: for this whole file it names
// the fake, listening on this worker's socket. No Docker on this machine can answer in its place.
let fake: FakeDockerApi;
let dir: string;
beforeAll(async () => {
  fake = await startFakeDockerApi({ socketPath: workerDockerSocket() });
  dir = mkdtempSync(path.join(os.tmpdir(), "docker-connection-"));
  vi.stubEnv("DOCKER_HOST", fake.uri);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const socketNamed = (socketPath: string): NamedEndpoint => ({
  uri: `unix://${socketPath}`,
  source: "DOCKER_HOST",
  dockerOptions: { socketPath },
});

/** testcontainers' client as far as the preflight reads it: its dockerode. */
const clientOn = (socketPath: string) =>
  ({ container: { dockerode: new Dockerode({ socketPath }) } }) as unknown as ContainerRuntimeClient;

describe("connectDocker, through testcontainers", () => {
  it("reports the Docker DOCKER_HOST names, and testcontainers keeps that client for the lab tier's setup", async () => {
    const status = await connectDocker();
    expect(checkDockerReachable(status)).toEqual({
      name: "Docker reachable",
      status: "ok",
      detail: `Docker 28.2.1 at ${fake.uri} (DOCKER_HOST), cgroup v2`,
    });
    // The setup runs the preflight in its own process, then boots k3s with this very client.
    expect(status.reachable && (await getContainerRuntimeClient()) === status.client).toBe(true);
    expect(fake.requests).toEqual(expect.arrayContaining(["/info", "/version"]));
  });
});

describe("a Docker the user named", () => {
  it("is asked first, and when it does not answer testcontainers is not asked at all (it would fall back)", async () => {
    const connect = vi.fn(async () => clientOn(fake.socketPath));
    const missing = path.join(dir, "missing.sock");
    const status = await connectDocker({ named: async () => socketNamed(missing), connect });
    expect(connect).not.toHaveBeenCalled();
    expect(status).toMatchObject({ reachable: false, code: "ENOENT" });
    expect(checkDockerReachable(status).detail).toBe(
      `Docker is not reachable at unix://${missing}, which DOCKER_HOST names (connect ENOENT ${missing}). The lab tier starts k3s in that Docker, not in another one it could fall back to.`,
    );
  });

  it("fails when testcontainers' client ends up on another endpoint than the one named", async () => {
    const other = await startFakeDockerApi();
    try {
      const status = await connectDocker({
        named: async () => socketNamed(fake.socketPath),
        connect: async () => clientOn(other.socketPath),
      });
      const result = checkDockerReachable(status);
      expect(result.status).toBe("fail");
      expect(result.detail).toContain(`testcontainers connected to ${other.uri} instead`);
    } finally {
      await other.close();
    }
  });

  it("fails with testcontainers' reason when the named Docker answers but testcontainers cannot set up its client", async () => {
    const status = await connectDocker({
      named: async () => socketNamed(fake.socketPath),
      connect: () => Promise.reject(new Error("Could not find a working container runtime strategy\nmore")),
    });
    const result = checkDockerReachable(status);
    expect(result.detail).toBe(
      `Docker answers at ${fake.uri} (DOCKER_HOST), but testcontainers could not set up its client (Could not find a working container runtime strategy), so the lab tier cannot start k3s.`,
    );
    expect(result.fix).toContain("DEBUG=testcontainers*");
  });

  it("bounds testcontainers' client setup, which has no timeout of its own", async () => {
    const started = performance.now();
    const status = await connectDocker({
      named: async () => socketNamed(fake.socketPath),
      connect: () => new Promise(() => {}),
      connectTimeoutMs: 200,
    });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(status).toMatchObject({ reachable: false, error: "no answer within 0.2 s", code: "ETIMEDOUT" });
  });

  it("is not even asked when testcontainers cannot use the setting (ssh://)", async () => {
    const status = await connectDocker({
      named: async () => ({
        uri: "ssh://me@build-host",
        source: "DOCKER_HOST",
        invalid: "testcontainers does not support ssh:// Docker hosts",
      }),
      connect: () => Promise.reject(new Error("must not be asked")),
    });
    expect(checkDockerReachable(status).detail).toContain(
      "ssh://me@build-host, which DOCKER_HOST names (testcontainers does not support ssh:// Docker hosts)",
    );
  });
});

describe("nothing named", () => {
  it("reports a Docker that stops answering once testcontainers has its client as not reachable, within the timeout", async () => {
    const silent = await startSilentServer();
    try {
      const client = {
        container: { dockerode: new Dockerode({ host: "127.0.0.1", port: silent.port }) },
      } as unknown as ContainerRuntimeClient;
      const status = await connectDocker({
        named: async () => undefined,
        connect: async () => client,
        probeTimeoutMs: 300,
      });
      expect(status).toMatchObject({
        reachable: false,
        tried: `tcp://127.0.0.1:${silent.port}`,
        error: "no answer within 0.3 s",
        code: "ETIMEDOUT",
      });
    } finally {
      await silent.close();
    }
  });
});

describe("probeDocker: why an endpoint does not answer", () => {
  it("says ENOENT for a socket that does not exist and ECONNREFUSED for one nothing listens on", async () => {
    expect(await probeDocker({ socketPath: path.join(dir, "nope.sock") })).toMatchObject({ code: "ENOENT" });
    // connect() on a file that is not a listening socket is refused, like a socket a stopped daemon left behind.
    const stale = path.join(dir, "stale.sock");
    writeFileSync(stale, "");
    expect(await probeDocker({ socketPath: stale })).toMatchObject({ code: "ECONNREFUSED" });
    expect(await probeDocker({ socketPath: fake.socketPath })).toBeUndefined();
  });

  it("says when what answers is not a Docker API", async () => {
    const web = http.createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = web.address() as AddressInfo;
      expect(await probeDocker({ host: "127.0.0.1", port })).toEqual({
        error: "GET /info answered HTTP 404, not as a Docker API does",
      });
    } finally {
      web.close();
    }
  });

  it("gives up on a daemon that accepts connections but never answers, within its timeout", async () => {
    const silent = await startSilentServer();
    try {
      const started = performance.now();
      const problem = await probeDocker({ host: "127.0.0.1", port: silent.port }, 300);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(problem).toEqual({ error: "no answer within 0.3 s", code: "ETIMEDOUT" });
    } finally {
      await silent.close();
    }
  });
});
