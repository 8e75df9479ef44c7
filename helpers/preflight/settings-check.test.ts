import os, { networkInterfaces } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_PINS } from "../project/versions";
import type { CheckResult } from "./check-result";
import { runPreflight } from "./run-preflight";
import {
  checkConcurrency,
  checkGitBindAddress,
  checkReleaseVersion,
  checkSettings,
  checkTimeoutScale,
  settingProblems,
} from "./settings-check";

/** An address this machine's interfaces have, which LAB_GIT_BIND_ADDRESS must be (loopback is refused). */
const ADDRESS_HERE =
  Object.values(networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === "IPv4")?.address ?? "0.0.0.0";

/** A refusal is one paragraph: what is wrong with which value, the accepted form, what to do. */
function expectOneParagraph(result: CheckResult, seen: string, accepted: string, todo: string) {
  expect(result.status).toBe("fail");
  expect(result.detail).toContain(seen);
  expect(result.detail).toContain(accepted);
  expect(result.fix).toContain(todo);
  expect(`${result.detail} ${result.fix}`).not.toMatch(/\n/);
}

describe("the timeout scale check", () => {
  it("is OK unset and in range", () => {
    expect(checkTimeoutScale({})).toMatchObject({ status: "ok", detail: "every timeout ×1, the default" });
    expect(checkTimeoutScale({ LAB_TIMEOUT_SCALE: "2" })).toMatchObject({
      status: "ok",
      detail: "every timeout ×2",
    });
  });

  it.each(["0", "-1", "NaN", "0.001", "1e6"])("fails on %s", (raw) => {
    expectOneParagraph(
      checkTimeoutScale({ LAB_TIMEOUT_SCALE: raw }),
      `LAB_TIMEOUT_SCALE=${raw} is `,
      "a number from 0.1 to 20",
      "Set it to e.g. 2",
    );
  });
});

describe("the concurrency check", () => {
  it("is OK unset and in range", () => {
    expect(checkConcurrency({})).toMatchObject({
      status: "ok",
      detail: "4 labs at once at most, the default",
    });
    expect(checkConcurrency({ LAB_CONCURRENCY: "8" })).toMatchObject({ status: "ok" });
  });

  it.each(["0", "-2", "many", "4x", "500"])("fails on %s, which used to mean 4 (or 500)", (raw) => {
    expectOneParagraph(
      checkConcurrency({ LAB_CONCURRENCY: raw }),
      `LAB_CONCURRENCY=${raw} is `,
      "a whole number from 1 to 16",
      "unset it for the default (4)",
    );
  });
});

describe("the Argo version checks", () => {
  it("are OK for the pins and for release tags", () => {
    expect(checkReleaseVersion("argoCdVersion", {})).toMatchObject({
      status: "ok",
      detail: `${DEFAULT_PINS.argoCdVersion}, the default`,
    });
    expect(checkReleaseVersion("rolloutsVersion", { ROLLOUTS_VERSION: "v1.10.0" })).toMatchObject({
      status: "ok",
      detail: "v1.10.0",
    });
  });

  it.each([
    ["argoCdVersion", "ARGOCD_VERSION", "v3.6.1/../../argo-rollouts/v1.9.1"],
    ["argoCdVersion", "ARGOCD_VERSION", "stable"],
    ["rolloutsVersion", "ROLLOUTS_VERSION", "../argo-cd/v3.6.1"],
    ["rolloutsVersion", "ROLLOUTS_VERSION", "1.9.1"],
  ] as const)("fail when %s is not a release (%s=%s)", (key, variable, value) => {
    expectOneParagraph(
      checkReleaseVersion(key, { [variable]: value }),
      `${variable}="${value}" is not a release version`,
      "a tag of the form v1.2.3",
      "Set it to a released tag",
    );
  });
});

describe("the Git bind address check", () => {
  it("fails when LAB_CLUSTER=existing has no address to listen on", () => {
    expectOneParagraph(
      checkGitBindAddress({}),
      "LAB_CLUSTER=existing needs LAB_GIT_BIND_ADDRESS, and it is unset",
      "the address of this machine that the cluster's pods can reach",
      "LAB_GIT_BIND_ADDRESS=172.17.0.1",
    );
  });

  it("is OK on one address, and warns on a wildcard, naming what it exposes", () => {
    expect(checkGitBindAddress({ LAB_GIT_BIND_ADDRESS: ADDRESS_HERE })).toMatchObject({
      status: "ok",
      detail: ADDRESS_HERE,
    });
    for (const wildcard of ["0.0.0.0", "::"]) {
      const result = checkGitBindAddress({ LAB_GIT_BIND_ADDRESS: wildcard });
      expect(result.status).toBe("warn");
      expect(result.detail).toContain("listen on every network interface of this machine for the whole run");
      expect(result.detail).toContain("can clone every lab repo of the run and push to them");
      expect(result.fix).toContain("on a network you trust");
    }
  });
});

describe("the settings, together", () => {
  it("ask for the Git bind address only with LAB_CLUSTER=existing", () => {
    expect(checkSettings({}, "docker").map((r) => r.status)).toEqual(["ok", "ok", "ok", "ok"]);
    expect(checkSettings({}, "existing").map((r) => r.status)).toEqual(["ok", "ok", "ok", "ok", "fail"]);
    expect(settingProblems({}, "docker")).toEqual([]);
  });
});

describe("the preflight", () => {
  // Docker is the first thing the machine's checks ask; a refused setting must stop before it.
  const noDocker = () => {
    const calls = { count: 0 };
    const docker = () => {
      calls.count++;
      return new Promise<never>(() => {});
    };
    return { calls, docker };
  };

  it("refuses every bad setting at once, before Docker is asked anything", async () => {
    const { calls, docker } = noDocker();
    const results = await runPreflight({
      docker,
      env: {
        LAB_TIMEOUT_SCALE: "1e6",
        LAB_CONCURRENCY: "0",
        ARGOCD_VERSION: "v3.6.1/../../argo-rollouts/v1.9.1",
        ROLLOUTS_VERSION: "latest",
      },
    });
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ["Timeout scale (LAB_TIMEOUT_SCALE)", "fail"],
      ["Concurrency (LAB_CONCURRENCY)", "fail"],
      ["Argo CD version (ARGOCD_VERSION)", "fail"],
      ["Argo Rollouts version (ROLLOUTS_VERSION)", "fail"],
    ]);
    expect(calls.count).toBe(0);
  });

  it("with LAB_CLUSTER=existing and no LAB_GIT_BIND_ADDRESS: fails, where it used to say Ready", async () => {
    const results = await runPreflight({ env: { LAB_CLUSTER: "existing" } });
    expect(results).toEqual([
      expect.objectContaining({ name: "Git bind address (LAB_GIT_BIND_ADDRESS)", status: "fail" }),
    ]);
  });

  it("lists a wildcard bind address as a warning beside the machine's checks", async () => {
    const results = await runPreflight({
      docker: noDocker().docker,
      env: {
        LAB_CLUSTER: "existing",
        LAB_GIT_BIND_ADDRESS: "0.0.0.0",
        // No kit here, so the kit check does not ask Docker either.
        KIT_CACHE_DIR: path.join(os.tmpdir(), `settings-no-kit-${process.pid}`),
      },
      checkTimeoutMs: 2_000,
    });
    expect(results[0]).toMatchObject({ name: "Git bind address (LAB_GIT_BIND_ADDRESS)", status: "warn" });
    expect(results.map((r) => r.name)).toContain("Node version");
  });
});
