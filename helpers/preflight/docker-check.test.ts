import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { checkDockerReachable } from "./docker-check";
import { dockerCliContext } from "./docker-cli-context";
import { connectDocker, type DockerStatus, namedEndpoint } from "./docker-connection";
import { workerDockerSocket } from "./fake-docker-api";
import { PreflightError } from "./preflight-error";

// testcontainers reads DOCKER_HOST once per process, which files share: it names this worker's socket,
// where nothing listens. On a machine with Docker, testcontainers would fall back to that Docker.
const missing = workerDockerSocket();
beforeAll(() => {
  vi.stubEnv("DOCKER_HOST", `unix://${missing}`);
});
afterAll(() => {
  vi.unstubAllEnvs();
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "doctor-docker-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const unreachable = (status: Omit<Extract<DockerStatus, { reachable: false }>, "reachable">) =>
  checkDockerReachable({ reachable: false, ...status });

describe("Docker reachable, when DOCKER_HOST names a socket that does not exist", () => {
  it("reads the setting as testcontainers does", async () => {
    expect(await namedEndpoint()).toEqual({
      uri: `unix://${missing}`,
      source: "DOCKER_HOST",
      dockerOptions: { socketPath: missing },
    });
  });

  it("fails fast with one paragraph saying what to do, even where another Docker answers", async () => {
    const started = performance.now();
    const result = checkDockerReachable(await connectDocker());
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(result.status).toBe("fail");
    const message = new PreflightError([result]).message;
    expect(message).toBe(
      `Infrastructure: Docker is not reachable at unix://${missing}, which DOCKER_HOST names (connect ENOENT ${missing}). The lab tier starts k3s in that Docker, not in another one it could fall back to. Start the Docker daemon that DOCKER_HOST names, or correct DOCKER_HOST (e.g. unix:///var/run/docker.sock or tcp://host:2376) or remove it to use the default socket, or set LAB_CLUSTER=existing to use the cluster of your current KUBECONFIG context. The offline self-tests need neither Docker nor a cluster: npm run test:self.`,
    );
  });
});

describe("Docker reachable: what to do, by what went wrong", () => {
  it("says to install Docker when nothing is named and no socket exists", () => {
    const result = unreachable({
      error: "DOCKER_HOST is not set, and there is no Docker socket at /var/run/docker.sock",
      code: "ENOENT",
    });
    expect(result.detail).toBe(
      "Docker is not reachable (DOCKER_HOST is not set, and there is no Docker socket at /var/run/docker.sock). The lab tier starts k3s in Docker.",
    );
    expect(result.fix).toMatch(
      /^Install Docker Desktop or Docker Engine and start it \(on Debian or Ubuntu as root, npm run docker:start installs .*\), or set LAB_CLUSTER=existing/,
    );
  });

  it("says to start Docker when its socket exists but nothing answers, and to restart it when it hangs", () => {
    const refused = unreachable({
      tried: "unix:///var/run/docker.sock",
      error: "connect ECONNREFUSED /var/run/docker.sock",
      code: "ECONNREFUSED",
    });
    expect(refused.detail).toContain("(unix:///var/run/docker.sock: connect ECONNREFUSED");
    expect(refused.fix).toMatch(/^The Docker socket exists but nothing answers on it, so start Docker/);
    expect(refused.fix).toContain("npm run docker:start");
    const hung = unreachable({ error: "no answer within 5.0 s", code: "ETIMEDOUT" });
    expect(hung.fix).toMatch(/^Docker accepted the connection but did not answer, so restart it/);
  });

  it("says how to get access to a socket the user may not open, named or not", () => {
    const named = { uri: "unix:///run/docker.sock", source: "DOCKER_HOST" };
    for (const result of [
      unreachable({ error: "connect EACCES /var/run/docker.sock", code: "EACCES" }),
      unreachable({ named, error: "connect EACCES /run/docker.sock", code: "EACCES" }),
    ]) {
      expect(result.fix).toMatch(
        /^Give your user access to the Docker socket \(on Linux: sudo usermod -aG docker/,
      );
    }
  });

  it("names the setting in ~/.testcontainers.properties that names the Docker", () => {
    const result = unreachable({
      named: { uri: "tcp://cloud.example:2375", source: "tc.host in ~/.testcontainers.properties" },
      error: "no answer within 3.0 s",
      code: "ETIMEDOUT",
    });
    expect(result.detail).toContain(
      "tcp://cloud.example:2375, which tc.host in ~/.testcontainers.properties names (no answer within 3.0 s)",
    );
    expect(result.fix).toMatch(
      /^Start the Docker daemon that tc.host in ~\/.testcontainers.properties names, or correct tc.host /,
    );
  });

  it("names the docker CLI context's socket, which testcontainers does not read", () => {
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
    const cliContext = dockerCliContext({}, dir);
    expect(cliContext).toEqual({ name: "colima", host });
    // DOCKER_HOST overrides the context for the CLI too.
    expect(dockerCliContext({ DOCKER_HOST: "unix:///x.sock" }, dir)).toBeUndefined();

    const result = unreachable({
      error: "no Docker socket",
      code: "ENOENT",
      ...(cliContext ? { cliContext } : {}),
    });
    expect(result.fix).toContain(
      `context "colima" at ${host}, which testcontainers does not read: export DOCKER_HOST=${host}`,
    );
  });
});
