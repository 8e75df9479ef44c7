import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claimWorkDir, sweepKilledWorkDirs } from "./killed-runs";
import { ownerIsGone, ownerOfPid, thisRunOwner } from "./run-owner";

/** The pid of a process that has certainly ended. */
function deadPid(): number {
  const pid = spawnSync("true").pid;
  if (!pid) throw new Error("could not start a process");
  return pid;
}

describe("a run's owner", () => {
  it("is gone only when it ran in this process space and its process has ended", () => {
    expect(ownerIsGone(ownerOfPid(deadPid()))).toBe(true);
    expect(ownerIsGone(thisRunOwner())).toBe(false);
    // Same hostname, another boot or container: its pids are not ours to judge.
    expect(ownerIsGone(`${hostname()}/another-boot/4026531836/${deadPid()}/-`)).toBe(false);
    expect(ownerIsGone(ownerOfPid(deadPid()).replace(hostname(), "another-machine"))).toBe(false);
    expect(ownerIsGone(undefined)).toBe(false);
    expect(ownerIsGone("garbage")).toBe(false);
  });

  it("is gone when its pid now belongs to a process started later", () => {
    expect(thisRunOwner()).toMatch(/\/\d+$/);
    expect(ownerIsGone(ownerOfPid(process.pid, "1"))).toBe(true);
  });
});

describe("the work folders of killed runs", () => {
  let parent: string;
  beforeEach(async () => {
    parent = await mkdtemp(path.join(tmpdir(), "killed-runs-test-"));
  });
  afterEach(() => rm(parent, { recursive: true, force: true }));

  async function workDir(name: string, owner: string | undefined, kept = false): Promise<string> {
    const dir = path.join(parent, name);
    await mkdir(dir);
    await writeFile(path.join(dir, "kubeconfig.yaml"), "token: secret");
    if (owner) await writeFile(path.join(dir, "owner.json"), JSON.stringify({ owner, kept }));
    return dir;
  }

  it("are removed; a live run's, a kept one's, another machine's and unmarked folders stay", async () => {
    await workDir("gitops-conformance-aaaa1111-x", ownerOfPid(deadPid()));
    await workDir("gitops-conformance-bbbb2222-x", ownerOfPid(deadPid()), true);
    await workDir("gitops-conformance-cccc3333-x", `elsewhere/boot/ns/${deadPid()}/-`);
    await workDir("gitops-conformance-dddd4444-x", undefined);
    await workDir("something-else", ownerOfPid(deadPid()));
    const live = await workDir("gitops-conformance-eeee5555-x", undefined);
    await claimWorkDir(live, false);

    const removed = await sweepKilledWorkDirs(parent);

    expect(removed.map((dir) => path.basename(dir))).toEqual(["gitops-conformance-aaaa1111-x"]);
    expect((await readdir(parent)).sort()).toEqual([
      "gitops-conformance-bbbb2222-x",
      "gitops-conformance-cccc3333-x",
      "gitops-conformance-dddd4444-x",
      "gitops-conformance-eeee5555-x",
      "something-else",
    ]);
  });
});
