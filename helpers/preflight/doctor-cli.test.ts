import os, { networkInterfaces } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { execute } from "../exec/run-command";
import { localBin } from "../project/local-bin";
import { PROJECT_ROOT } from "../project/paths";
import { KIT_NODE_IMAGE } from "../project/versions";
import { startFakeDockerApi } from "./fake-docker-api";

/** An address this machine's interfaces have, which LAB_GIT_BIND_ADDRESS must be (loopback is refused). */
const ADDRESS_HERE =
  Object.values(networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === "IPv4")?.address ?? "0.0.0.0";

const MISSING_SOCKET = "unix:///nonexistent/docker.sock";

/** The doctor as a user runs it, in a child process, with the given environment on top of this one. */
async function doctor(env: NodeJS.ProcessEnv) {
  const started = performance.now();
  const t = await execute(localBin("tsx", "helpers/cli/doctor.ts"), {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LAB_CLUSTER: "", DOCTOR_PULL: "", ...env },
  });
  return { ...t, output: t.stdout + t.stderr, seconds: (performance.now() - started) / 1000 };
}

const noStackTrace = (output: string) => expect(output).not.toMatch(/^\s+at /m);

describe("npm run doctor", () => {
  // testcontainers would fall back from the missing socket to this machine's own Docker; the doctor does not.
  it("exits non-zero within 15 s when DOCKER_HOST names no Docker, saying what to do, with no stack trace", async () => {
    const run = await doctor({ DOCKER_HOST: MISSING_SOCKET });
    expect(run.seconds).toBeLessThan(15);
    expect(run.exitCode).toBe(1);
    noStackTrace(run.output);
    expect(run.stdout).toMatch(/^OK {3}Node version \(/m);
    expect(run.stdout).toContain(
      "FAIL Docker reachable: Docker is not reachable at unix:///nonexistent/docker.sock, which DOCKER_HOST names (connect ENOENT",
    );
    expect(run.stdout).toMatch(/^ {5}fix: Start the Docker daemon that DOCKER_HOST names/m);
    const closing = run.stdout.trimEnd().split("\n").at(-1) ?? "";
    expect(closing).toMatch(/^Infrastructure: Docker is not reachable .* npm run test:self\.$/);
  });

  it("with LAB_CLUSTER=existing and a missing KUBECONFIG: exits non-zero with the fix, no stack trace", async () => {
    const kubeconfig = path.join(os.tmpdir(), "doctor-no-such-kubeconfig.yaml");
    const run = await doctor({
      LAB_CLUSTER: "existing",
      LAB_GIT_BIND_ADDRESS: ADDRESS_HERE,
      KUBECONFIG: kubeconfig,
    });
    expect(run.seconds).toBeLessThan(15);
    expect(run.exitCode).toBe(1);
    noStackTrace(run.output);
    expect(run.stdout).not.toContain("Docker reachable");
    expect(run.stdout).toContain(
      `FAIL Existing cluster (KUBECONFIG): KUBECONFIG names ${kubeconfig}, which does not exist.`,
    );
    expect(run.stdout).toContain("fix: Point KUBECONFIG at the kubeconfig of a running cluster");
  });

  it("refuses bad settings, one paragraph each, before it asks Docker anything", async () => {
    const fake = await startFakeDockerApi({ images: ["rancher/k3s:v1.36.2-k3s1"] });
    try {
      const run = await doctor({
        DOCKER_HOST: fake.uri,
        LAB_TIMEOUT_SCALE: "1e6",
        LAB_CONCURRENCY: "abc",
        ARGOCD_VERSION: "v3.6.1/../../argo-rollouts/v1.9.1",
        ROLLOUTS_VERSION: "",
      });
      noStackTrace(run.output);
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toMatch(
        /^FAIL Timeout scale \(LAB_TIMEOUT_SCALE\): LAB_TIMEOUT_SCALE=1e6 is above 20/m,
      );
      expect(run.stdout).toMatch(
        /^FAIL Concurrency \(LAB_CONCURRENCY\): LAB_CONCURRENCY=abc is not a whole number/m,
      );
      expect(run.stdout).toMatch(
        /^FAIL Argo CD version \(ARGOCD_VERSION\): ARGOCD_VERSION="v3\.6\.1\/\.\.\//m,
      );
      expect(run.stdout).not.toContain("Rollouts version");
      expect(run.stdout).toContain("3 preflight checks failed.");
      expect(fake.requests).toEqual([]);
    } finally {
      await fake.close();
    }
  });

  it("exits 0 against a daemon that answers, including testcontainers' own client setup", async () => {
    const fake = await startFakeDockerApi({
      images: ["rancher/k3s:v1.36.2-k3s1", "testcontainers/ryuk:0.14.0"],
    });
    try {
      const run = await doctor({
        DOCKER_HOST: fake.uri,
        K3S_IMAGE: "",
        RYUK_CONTAINER_IMAGE: "",
        // No kit built: the Kit images line must not depend on what this machine has built.
        KIT_CACHE_DIR: path.join(os.tmpdir(), `doctor-no-kit-${process.pid}`),
      });
      noStackTrace(run.output);
      expect(run.stdout).toContain(
        `OK   Docker reachable (Docker 28.2.1 at ${fake.uri} (DOCKER_HOST), cgroup v2)`,
      );
      expect(run.stdout).toContain(
        "OK   Privileged containers (rootful Docker, no userns-remap, no authorization plugin)",
      );
      expect(run.stdout).toContain(
        "OK   Pinned images (rancher/k3s:v1.36.2-k3s1, testcontainers/ryuk:0.14.0 present locally)",
      );
      expect(run.stdout).toContain(
        "OK   Run path (cluster: k3s (rancher/k3s:v1.36.2-k3s1) in Docker, started by testcontainers; images: upstream's)",
      );
      // The doctor's own question, then testcontainers' (its requests carry an API version prefix the fake strips).
      expect(fake.requests.filter((r) => r === "/info").length).toBeGreaterThanOrEqual(2);
      expect(run.stdout).not.toMatch(/^FAIL /m);
      expect(run.exitCode).toBe(0);
    } finally {
      await fake.close();
    }
  });

  it("on the kit's road names the kit node as what it is, not k3s, and needs no Ryuk image", async () => {
    const fake = await startFakeDockerApi({ images: [KIT_NODE_IMAGE] });
    try {
      const run = await doctor({
        DOCKER_HOST: fake.uri,
        K3S_IMAGE: KIT_NODE_IMAGE,
        RYUK_CONTAINER_IMAGE: "",
        TESTCONTAINERS_RYUK_DISABLED: "",
        KIT_CACHE_DIR: path.join(os.tmpdir(), `doctor-no-kit-${process.pid}`),
      });
      noStackTrace(run.output);
      expect(run.stdout).toMatch(
        /^Doctor: can the lab tier run here\? cluster: kit node, upstream Kubernetes v[\d.]+ behind k3s's container interface \(not k3s\)/,
      );
      expect(run.stdout).toMatch(
        /^OK {3}Run path \(cluster: kit node, .*\(not k3s\).*images: the offline kit's/m,
      );
      expect(run.stdout).toContain(`OK   Pinned images (${KIT_NODE_IMAGE} present locally)`);
    } finally {
      await fake.close();
    }
  });
});
