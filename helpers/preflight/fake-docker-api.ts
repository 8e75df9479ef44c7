import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { threadId } from "node:worker_threads";
import type { ContainerRuntimeClient } from "testcontainers";
import type { DaemonInfo, DaemonVersion, DockerStatus } from "./docker-connection";

/**
 * For self-tests: a Docker Engine API stand-in on a unix socket in a temp dir,
 * answering the few read-only calls the doctor and testcontainers make.
 */
export interface FakeDockerApi {
  socketPath: string;
  uri: string;
  requests: string[];
  close: () => Promise<void>;
}

/**
 * The DOCKER_HOST socket of every self-test in this worker. testcontainers reads DOCKER_HOST once per
 * process, and the test files of a worker share its modules (vitest.config.ts), so every file that lets
 * testcontainers read DOCKER_HOST names this one socket: nothing listens there unless a file starts
 * the fake on it. One per worker thread, so files running side by side never answer for each other.
 */
export function workerDockerSocket(): string {
  return path.join(os.tmpdir(), `no-docker-${process.pid}-${threadId}`, "docker.sock");
}

export interface FakeDockerOptions {
  /** Where to listen (its folder is made, and removed at close); a fresh temp dir otherwise. */
  socketPath?: string;
  info?: Partial<DaemonInfo>;
  version?: DaemonVersion;
  /** Image references the fake has; every other image answers 404. */
  images?: readonly string[];
}

export async function startFakeDockerApi(options: FakeDockerOptions = {}): Promise<FakeDockerApi> {
  const socketPath =
    options.socketPath ?? path.join(mkdtempSync(path.join(os.tmpdir(), "fake-docker-")), "docker.sock");
  const dir = path.dirname(socketPath);
  mkdirSync(dir, { recursive: true });
  const requests: string[] = [];
  // testcontainers reads OperatingSystem and OSType too.
  const info: DaemonInfo & { OperatingSystem?: string; OSType?: string } = {
    Name: "fake-docker-host",
    ServerVersion: "28.2.1",
    OperatingSystem: "Fake Engine",
    OSType: "linux",
    SecurityOptions: ["name=seccomp,profile=builtin", "name=cgroupns"],
    CgroupVersion: "2",
    CgroupDriver: "systemd",
    DockerRootDir: "/var/lib/docker",
    ...options.info,
  };
  const server = http.createServer((req, res) => {
    // testcontainers prefixes an API version (/v1.44/info); the doctor does not.
    const url = (req.url ?? "").replace(/^\/v[\d.]+/, "");
    requests.push(url);
    const json = (body: unknown, status = 200) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (url === "/info") return json({ ...info, IndexServerAddress: "https://index.docker.io/v1/" });
    if (url === "/version")
      return json(options.version ?? { Version: info.ServerVersion, ApiVersion: "1.50" });
    // testcontainers asks for the bridge gateway when it runs inside a container.
    if (url === "/networks/bridge") return json({ IPAM: { Config: [{ Gateway: "127.0.0.1" }] } });
    const image = /^\/images\/(.+)\/json$/.exec(url)?.[1];
    if (image)
      return (options.images ?? []).includes(decodeURI(image)) ? json({ Id: "sha256:0" }) : json({}, 404);
    json({ message: `the fake does not implement ${url}` }, 404);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socketPath,
    uri: `unix://${socketPath}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

/** For self-tests of the checks: what connectDocker reports for a daemon with this info, without a daemon. */
export function daemonStatus(info: DaemonInfo = {}, version: DaemonVersion = {}): DockerStatus {
  return {
    reachable: true,
    client: {} as ContainerRuntimeClient,
    uri: "unix:///var/run/docker.sock",
    info: { ServerVersion: "28.2.1", ...info },
    version,
  };
}
