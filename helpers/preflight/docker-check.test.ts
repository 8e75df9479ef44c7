import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkDockerReachable } from "./docker-check";
import { discoverDocker } from "./docker-discovery";
import { dockerCandidates, type LocatorInput, parseDockerHost } from "./docker-endpoints";
import { startFakeDockerApi } from "./fake-docker-api";
import { PreflightError } from "./preflight-error";
import { startSilentServer } from "./silent-server";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "doctor-docker-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Where testcontainers looks, moved into the temp dir so the machine's own Docker cannot answer. */
function locator(env: NodeJS.ProcessEnv): LocatorInput {
  return {
    env,
    homeDir: dir,
    platform: "linux",
    uid: 4_000_000,
    defaultSocket: path.join(dir, "var-run-docker.sock"),
    exists: existsSync,
  };
}

describe("Docker reachable", () => {
  it("fails fast with one paragraph saying what to do when DOCKER_HOST names a socket that does not exist", async () => {
    const socket = path.join(dir, "missing", "docker.sock");
    const started = performance.now();
    const result = checkDockerReachable(
      await discoverDocker({ locator: locator({ DOCKER_HOST: `unix://${socket}` }) }),
    );
    const elapsed = performance.now() - started;

    expect(elapsed).toBeLessThan(15_000);
    expect(result.status).toBe("fail");
    expect(result.detail).toContain(`tried unix://${socket} (DOCKER_HOST): connect ENOENT`);
    const message = new PreflightError([result]).message;
    expect(message).toMatch(
      /^Infrastructure: Docker is not reachable \(tried unix:\/\/\S+ \(DOCKER_HOST\): connect ENOENT/,
    );
    expect(message).not.toContain("\n");
    expect(message).toContain("The lab tier starts k3s in Docker.");
    expect(message).toContain("Start the Docker daemon that DOCKER_HOST names");
    expect(message).toContain("LAB_CLUSTER=existing");
    expect(message).toMatch(/npm run test:self\.$/);
  });

  it("says to install Docker when nothing is configured and no socket exists", async () => {
    const result = checkDockerReachable(await discoverDocker({ locator: locator({}) }));
    expect(result.status).toBe("fail");
    expect(result.detail).toContain("DOCKER_HOST is not set; no Docker socket at");
    expect(result.fix).toMatch(
      /^Install Docker Desktop or Docker Engine and start it, or set LAB_CLUSTER=existing/,
    );
  });

  it("tries the default socket, as testcontainers does, and says when nothing answers on it", async () => {
    const input = locator({});
    // connect() on a file that is not a listening socket is refused, like a socket a stopped daemon left behind.
    writeFileSync(input.defaultSocket, "");
    const result = checkDockerReachable(await discoverDocker({ locator: input }));
    expect(result.status).toBe("fail");
    expect(result.detail).toContain(`tried unix://${input.defaultSocket}: connect ECONNREFUSED`);
    expect(result.fix).toMatch(/^The Docker socket exists but nothing answers on it, so start Docker/);
  });

  it("names the docker CLI context's socket, which testcontainers does not read", async () => {
    const host = "unix:///Users/me/.colima/default/docker.sock";
    const meta = path.join(
      dir,
      ".docker",
      "contexts",
      "meta",
      createHash("sha256").update("colima").digest("hex"),
    );
    mkdirSync(meta, { recursive: true });
    writeFileSync(
      path.join(meta, "meta.json"),
      JSON.stringify({ Name: "colima", Endpoints: { docker: { Host: host } } }),
    );
    writeFileSync(path.join(dir, ".docker", "config.json"), JSON.stringify({ currentContext: "colima" }));
    const result = checkDockerReachable(await discoverDocker({ locator: locator({}) }));
    expect(result.status).toBe("fail");
    expect(result.fix).toContain(
      `context "colima" at ${host}, which testcontainers does not read: export DOCKER_HOST=${host}`,
    );
  });

  it("reports the engine, endpoint and cgroup version of a daemon that answers", async () => {
    const fake = await startFakeDockerApi();
    try {
      const status = await discoverDocker({ locator: locator({ DOCKER_HOST: fake.uri }) });
      expect(checkDockerReachable(status)).toEqual({
        name: "Docker reachable",
        status: "ok",
        detail: `Docker 28.2.1 at ${fake.uri}, cgroup v2`,
      });
      expect(fake.requests).toEqual(expect.arrayContaining(["/info", "/version"]));
    } finally {
      await fake.close();
    }
  });

  it("warns when DOCKER_HOST is broken but testcontainers would fall back to a default socket that works", async () => {
    const fake = await startFakeDockerApi();
    try {
      const broken = `unix://${path.join(dir, "missing.sock")}`;
      const status = await discoverDocker({
        locator: { ...locator({ DOCKER_HOST: broken }), defaultSocket: fake.socketPath },
      });
      const result = checkDockerReachable(status);
      expect(result.status).toBe("warn");
      expect(result.detail).toContain(`${broken} (DOCKER_HOST): connect ENOENT`);
      expect(result.detail).toContain(`so the suite will use ${fake.uri}`);
    } finally {
      await fake.close();
    }
  });

  it("gives up on a daemon that accepts connections but never answers, within the probe timeout", async () => {
    const silent = await startSilentServer();
    try {
      const started = performance.now();
      const status = await discoverDocker({
        locator: locator({ DOCKER_HOST: `tcp://127.0.0.1:${silent.port}` }),
        probeTimeoutMs: 300,
      });
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(checkDockerReachable(status).detail).toContain(
        `tried tcp://127.0.0.1:${silent.port} (DOCKER_HOST): no answer within 0.3 s`,
      );
    } finally {
      await silent.close();
    }
  });

  it("fails with testcontainers' reason when the daemon answers but testcontainers cannot use it", async () => {
    const fake = await startFakeDockerApi();
    try {
      const refused = await discoverDocker({
        locator: locator({ DOCKER_HOST: fake.uri }),
        confirm: () =>
          Promise.reject(
            new Error("Could not find a working container runtime strategy; UnixSocketStrategy: boom"),
          ),
      });
      const result = checkDockerReachable(refused);
      expect(result.status).toBe("fail");
      expect(result.detail).toContain(
        "testcontainers could not set up its client (Could not find a working container runtime strategy; UnixSocketStrategy: boom)",
      );
      expect(result.fix).toContain("DEBUG=testcontainers*");

      const started = performance.now();
      const hung = await discoverDocker({
        locator: locator({ DOCKER_HOST: fake.uri }),
        confirm: () => new Promise(() => {}),
        confirmTimeoutMs: 200,
      });
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(checkDockerReachable(hung).detail).toContain("(no answer within 0.2 s)");
    } finally {
      await fake.close();
    }
  });
});

describe("Docker endpoints, in testcontainers' order", () => {
  it("reads DOCKER_HOST like testcontainers: a host name means TCP, TLS when DOCKER_TLS_VERIFY=1", () => {
    expect(parseDockerHost("tcp://docker.example:2376", "DOCKER_HOST", "/certs")).toMatchObject({
      host: "docker.example",
      port: 2376,
      tlsCertPath: "/certs",
    });
    expect(parseDockerHost("tcp://10.0.0.5", "DOCKER_HOST")).toMatchObject({ host: "10.0.0.5", port: 2375 });
    expect(parseDockerHost("unix:///run/podman/podman.sock", "DOCKER_HOST")).toMatchObject({
      socketPath: "/run/podman/podman.sock",
    });
    expect(parseDockerHost("ssh://me@build-host", "DOCKER_HOST").invalid).toMatch(/does not support ssh/);
    expect(parseDockerHost("docker.sock", "DOCKER_HOST").invalid).toMatch(/not a URL/);
  });

  it("puts tc.host from ~/.testcontainers.properties first and DOCKER_HOST before the sockets", () => {
    writeFileSync(
      path.join(dir, ".testcontainers.properties"),
      "# comment\ntc.host=tcp://cloud.example:2375\n",
    );
    const input = locator({
      DOCKER_HOST: "tcp://127.0.0.1:2375",
      DOCKER_TLS_VERIFY: "1",
      DOCKER_CERT_PATH: "/certs",
    });
    writeFileSync(input.defaultSocket, "");
    const { endpoints, absentSockets } = dockerCandidates(input);
    expect(endpoints.map((e) => [e.uri, e.source])).toEqual([
      ["tcp://cloud.example:2375", "tc.host in ~/.testcontainers.properties"],
      ["tcp://127.0.0.1:2375", "DOCKER_HOST"],
      [`unix://${input.defaultSocket}`, "default socket"],
    ]);
    expect(endpoints[1]?.tlsCertPath).toBe("/certs");
    expect(absentSockets).toContain(path.join(dir, ".docker", "run", "docker.sock"));
  });
});
