import { mkdtempSync, rmSync } from "node:fs";
import os, { networkInterfaces } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { fail, ok, warn } from "./check-result";
import { workerDockerSocket } from "./fake-docker-api";
import { PreflightError } from "./preflight-error";
import { assertPreflight, formatResults, runPreflight } from "./run-preflight";

/** An address this machine's interfaces have, which LAB_GIT_BIND_ADDRESS must be (loopback is refused). */
const ADDRESS_HERE =
  Object.values(networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === "IPv4")?.address ?? "0.0.0.0";

// testcontainers reads DOCKER_HOST once per process, which files share: this worker's socket, where
// nothing listens here. testcontainers would fall back to this machine's Docker, the preflight does not.
const missing = `unix://${workerDockerSocket()}`;
beforeAll(() => {
  vi.stubEnv("DOCKER_HOST", missing);
});
afterAll(() => {
  vi.unstubAllEnvs();
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "doctor-run-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const node = { version: "v24.21.0", execPath: "/repo/node_modules/node/bin/node" };

/** This machine's facts moved into the temp dir: home (kubeconfig, docker CLI config), temp dir, kit record. */
const isolated = (env: NodeJS.ProcessEnv) => ({
  // The kit's record is looked for in the temp dir too, so a kit built on this machine does not count.
  env: { KIT_CACHE_DIR: dir, DOCKER_HOST: missing, ...env },
  nodeFacts: node,
  tmpDir: dir,
  homeDir: dir,
});

describe("formatResults", () => {
  it("prints one line per check, a fix line under problems, and a closing paragraph when something failed", () => {
    const text = formatResults([
      ok("Docker reachable", "Docker 28.2 at unix:///var/run/docker.sock, cgroup v2"),
      warn("cgroup version", "Docker uses cgroup v1.", "Switch to cgroup v2."),
      fail("Disk space", "Only 1.0 GB free in the temp dir /tmp.", "Free 2.0 GB there."),
    ]);
    expect(text.split("\n")).toEqual([
      "OK   Docker reachable (Docker 28.2 at unix:///var/run/docker.sock, cgroup v2)",
      "WARN cgroup version: Docker uses cgroup v1.",
      "     fix: Switch to cgroup v2.",
      "FAIL Disk space: Only 1.0 GB free in the temp dir /tmp.",
      "     fix: Free 2.0 GB there.",
      "",
      "Infrastructure: Only 1.0 GB free in the temp dir /tmp. Free 2.0 GB there. The offline self-tests need neither Docker nor a cluster: npm run test:self.",
      "",
    ]);
  });

  it("closes with a ready line when nothing failed", () => {
    expect(formatResults([ok("Node version", "Node v24.21.0")])).toContain(
      "\n\nReady: the lab tier can start.\n",
    );
    expect(formatResults([warn("cgroup version", "v1.")])).toContain(
      "Ready: the lab tier can start (1 warning above).",
    );
  });
});

describe("runPreflight", () => {
  it("without Docker: fails the Docker check, skips what depends on it, still measures disk, in well under 15 s", async () => {
    const started = performance.now();
    const results = await runPreflight(isolated({}));
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ["Node version", "ok"],
      ["Lab selection", "ok"],
      ["Docker reachable", "fail"],
      ["Privileged containers", "warn"],
      ["cgroup version", "warn"],
      ["Disk space", expect.stringMatching(/ok|warn|fail/)],
      ["Pinned images", "warn"],
      ["Kit images", "ok"],
      ["Run path", "warn"],
    ]);
    const error = await assertPreflight(isolated({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PreflightError);
    expect((error as PreflightError).message).toMatch(/^Infrastructure: Docker is not reachable/);
  });

  it("bounds every check: one that runs out of time is a warning, not a hang", async () => {
    const started = performance.now();
    const results = await runPreflight({
      ...isolated({}),
      docker: () => new Promise(() => {}),
      checkTimeoutMs: 300,
    });
    expect(performance.now() - started).toBeLessThan(2_000);
    const docker = results.find((r) => r.name === "Docker reachable");
    expect(docker).toMatchObject({
      status: "warn",
      detail: "The check did not finish within 0.3 s, so it could not tell.",
    });
  });

  it("with LAB_CLUSTER=existing: checks KUBECONFIG instead of Docker", async () => {
    // The kubeconfig is read as client-node reads it, from the process's environment (restored in afterAll).
    vi.stubEnv("KUBECONFIG", path.join(dir, "missing"));
    const results = await runPreflight(
      isolated({
        LAB_CLUSTER: "existing",
        LAB_GIT_BIND_ADDRESS: ADDRESS_HERE,
        KUBECONFIG: path.join(dir, "missing"),
      }),
    );
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ["Node version", "ok"],
      ["Lab selection", "ok"],
      ["Existing cluster (KUBECONFIG)", "fail"],
      ["Kit images", "ok"],
    ]);
  });

  it("rejects an unknown LAB_CLUSTER value, saying which ones exist", async () => {
    const [result] = await runPreflight(isolated({ LAB_CLUSTER: "kind" }));
    expect(result).toMatchObject({ name: "Cluster mode", status: "fail" });
    expect(result?.fix).toContain("LAB_CLUSTER=existing");
  });
});
