import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { step } from "../report/step";
import { type Expectation, expectation, pass, pending } from "../wait/expectation";
import type { LabContext } from "./lab-context";

/**
 * The serial lane for labs that change Argo CD's global configuration (argocd-cm,
 * argocd-rbac-cm): spec files run in parallel worker processes, so they take turns through
 * a lock shared by every worker of the run. `mkdir` is atomic on every filesystem Node
 * supports, so the directory is the lock; an owner file inside says who holds it.
 */

export interface LockOwner {
  labId: string;
  pid: number;
  hostname: string;
  since: string;
  /** Tells this holder from a later one, so a release never frees someone else's lock. */
  token: string;
}

const OWNER_FILE = "owner.json";
/** A lock directory with no owner file this long after its creation belongs to a process that died in between. */
const ORPHAN_AFTER_MS = 60_000;
/** Another lab may hold the lock for its whole run: deploy, config change, checks, screenshots, restore. */
export const GLOBAL_CONFIG_LOCK_TIMEOUT_MS = 15 * 60_000;

export function globalConfigLockDir(runId: string, root = tmpdir()): string {
  return path.join(root, `gitops-conformance-${runId}-argocd-global-config.lock`);
}

export function describeOwner(owner: LockOwner): string {
  return `lab ${owner.labId} (pid ${owner.pid} on ${owner.hostname}) since ${owner.since}`;
}

async function readOwner(dir: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, OWNER_FILE), "utf8")) as LockOwner;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Why the current holder is gone for good, or undefined while it may still be working. */
async function staleReason(dir: string, owner: LockOwner | undefined): Promise<string | undefined> {
  if (owner) {
    if (owner.hostname === hostname() && !processAlive(owner.pid))
      return `its holder, ${describeOwner(owner)}, has exited`;
    return undefined;
  }
  const created = await stat(dir).then(
    (s) => s.mtimeMs,
    () => undefined,
  );
  return created !== undefined && Date.now() - created > ORPHAN_AFTER_MS
    ? "it has had no owner file for a minute"
    : undefined;
}

export type AcquireResult = { acquired: true; reclaimed?: string } | { acquired: false; heldBy: string };

export class DirLock {
  constructor(
    readonly dir: string,
    readonly owner: LockOwner,
  ) {}

  /** One attempt: takes the lock if it is free, or held by a process that no longer exists. */
  async tryAcquire(): Promise<AcquireResult> {
    await mkdir(path.dirname(this.dir), { recursive: true });
    let reclaimed: string | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await mkdir(this.dir);
        await writeFile(path.join(this.dir, OWNER_FILE), JSON.stringify(this.owner, null, 2));
        return reclaimed ? { acquired: true, reclaimed } : { acquired: true };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const holder = await readOwner(this.dir);
      const stale = attempt === 0 ? await staleReason(this.dir, holder) : undefined;
      if (!stale)
        return {
          acquired: false,
          heldBy: holder ? describeOwner(holder) : "a holder still writing its owner file",
        };
      // Renamed away (atomic) rather than deleted, so two reclaimers cannot both remove it.
      const grave = `${this.dir}.stale-${randomUUID()}`;
      const moved = await rename(this.dir, grave).then(
        () => true,
        () => false,
      );
      if (moved) await rm(grave, { recursive: true, force: true });
      reclaimed = stale;
    }
    return { acquired: false, heldBy: "another lab that reclaimed it first" };
  }

  /** Frees the lock if this owner still holds it. */
  async release(): Promise<void> {
    const holder = await readOwner(this.dir);
    if (holder?.token !== this.owner.token) return;
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Passes once this lab holds the lock; each check is one attempt to take it. */
export function lockAcquired(lock: DirLock, what: string): Expectation {
  return expectation(`${what} to be free for lab ${lock.owner.labId}`, async () => {
    const result = await lock.tryAcquire();
    if (result.acquired)
      return pass(
        `held by lab ${lock.owner.labId}${result.reclaimed ? ` (reclaimed: ${result.reclaimed})` : ""}`,
      );
    return pending(
      `held by ${result.heldBy} (a failed lab under KEEP_CLUSTER=1 keeps it until its worker exits)`,
    );
  });
}

/**
 * Waits for the serial lane of Argo CD's global configuration and holds it until the lab
 * closes. Call it before changing argocd-cm or argocd-rbac-cm, so the restore (registered
 * after this) runs before the release.
 */
export async function holdGlobalConfigLock(lab: LabContext): Promise<void> {
  const lock = new DirLock(globalConfigLockDir(lab.cluster.runId), {
    labId: lab.lab.id,
    pid: process.pid,
    hostname: hostname(),
    since: new Date().toISOString(),
    token: randomUUID(),
  });
  await step("Given: the serial lane for changes to Argo CD's global configuration", async () => {
    await lab.waitUntil(
      lockAcquired(lock, "the lock on argocd-cm and argocd-rbac-cm"),
      GLOBAL_CONFIG_LOCK_TIMEOUT_MS,
    );
  });
  lab.onClose(() => lock.release());
}
