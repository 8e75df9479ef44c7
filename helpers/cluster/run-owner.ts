import { hostname } from "node:os";

/**
 * Which process a run belongs to, written on everything the run leaves outside itself (its
 * work folder, its containers and images, its record on the cluster), so a later run can tell
 * the leftovers of a killed run (`kill -9`, a closed laptop lid) from those of a live one.
 */
export const RUN_OWNER_LABEL = "io.gitops-conformance.owner";
/** KEEP_CLUSTER=1: the run's cluster is the user's to keep; no sweep removes it. */
export const RUN_KEPT_LABEL = "io.gitops-conformance.kept";

/** "host/pid" of this process. */
export function thisRunOwner(): string {
  return `${hostname()}/${process.pid}`;
}

/**
 * True only when the owner ran on this machine and its process is gone. A run of another
 * machine (a shared Docker engine or cluster) is never judged dead: it may well be running.
 */
export function ownerIsGone(owner: string | undefined, isAlive = processIsAlive): boolean {
  const match = /^(.+)\/(\d+)$/.exec(owner ?? "");
  if (!match) return false;
  return match[1] === hostname() && !isAlive(Number(match[2]));
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Docker labels naming this process as the owner, and marking a kept cluster. */
export function runOwnerLabels(kept = false, owner = thisRunOwner()): Record<string, string> {
  return { [RUN_OWNER_LABEL]: owner, ...(kept ? { [RUN_KEPT_LABEL]: "true" } : {}) };
}
