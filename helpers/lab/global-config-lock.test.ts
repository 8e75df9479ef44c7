import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { waitUntil } from "../wait/wait-until";
import { DirLock, globalConfigLockDir, type LockOwner, lockAcquired } from "./global-config-lock";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "config-lock-test-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const owner = (labId: string, pid = process.pid): LockOwner => ({
  labId,
  pid,
  hostname: hostname(),
  since: "2025-11-26T14:02:11.000Z",
  token: `token-${labId}`,
});

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.exit(0)"]);
  if (child.pid === undefined) throw new Error("could not start a short-lived process");
  return child.pid;
}

describe("DirLock (the serial lane for Argo CD's global config)", () => {
  it("is keyed by the run ID", () => {
    expect(globalConfigLockDir("ab12cd34", "/tmp")).toBe(
      "/tmp/gitops-conformance-ab12cd34-argocd-global-config.lock",
    );
  });

  it("lets one holder in at a time, and the next once it is released", async () => {
    const dir = globalConfigLockDir("run1", root);
    const first = new DirLock(dir, owner("M3.3"));
    const second = new DirLock(dir, owner("M3.4"));
    expect(await first.tryAcquire()).toEqual({ acquired: true });
    expect(await second.tryAcquire()).toEqual({
      acquired: false,
      heldBy: `lab M3.3 (pid ${process.pid} on ${hostname()}) since 2025-11-26T14:02:11.000Z`,
    });
    await second.release(); // not its lock: nothing happens
    expect((await second.tryAcquire()).acquired).toBe(false);
    await first.release();
    expect(await second.tryAcquire()).toEqual({ acquired: true });
  });

  it("reclaims a lock whose holder has exited", async () => {
    const dir = globalConfigLockDir("run2", root);
    const pid = deadPid();
    expect((await new DirLock(dir, owner("M3.3", pid)).tryAcquire()).acquired).toBe(true);
    expect(await new DirLock(dir, owner("M3.4")).tryAcquire()).toEqual({
      acquired: true,
      reclaimed: `its holder, lab M3.3 (pid ${pid} on ${hostname()}) since 2025-11-26T14:02:11.000Z, has exited`,
    });
  });

  it("reclaims a lock left without an owner file for a minute, not a fresh one", async () => {
    const dir = globalConfigLockDir("run3", root);
    await mkdir(dir);
    expect(await new DirLock(dir, owner("M3.4")).tryAcquire()).toEqual({
      acquired: false,
      heldBy: "a holder still writing its owner file",
    });
    const old = new Date(Date.now() - 120_000);
    await utimes(dir, old, old);
    expect((await new DirLock(dir, owner("M3.4")).tryAcquire()).acquired).toBe(true);
  });

  it("is awaited as a named expectation that says who holds it", async () => {
    const dir = globalConfigLockDir("run4", root);
    const holder = new DirLock(dir, owner("M3.3"));
    await holder.tryAcquire();
    const waiting = lockAcquired(new DirLock(dir, owner("M3.4")), "the lock");
    expect(waiting.description).toBe("the lock to be free for lab M3.4");
    expect((await waiting.check()).message).toMatch(/^held by lab M3.3 \(pid /);
    const released = holder.release();
    const result = await waitUntil(waiting, { timeout: 5_000 });
    await released;
    expect(result.message).toBe("held by lab M3.4");
  });

  it("leaves an unrelated directory's owner file alone on release", async () => {
    const dir = globalConfigLockDir("run5", root);
    await mkdir(dir);
    await writeFile(path.join(dir, "owner.json"), JSON.stringify(owner("T99")));
    await new DirLock(dir, owner("M3.3")).release();
    expect(await new DirLock(dir, owner("M3.4")).tryAcquire()).toMatchObject({ acquired: false });
  });
});
