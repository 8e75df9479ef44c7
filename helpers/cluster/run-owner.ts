import { readFileSync, readlinkSync } from "node:fs";
import { hostname, uptime } from "node:os";

/**
 * Which process a run belongs to, written on everything the run leaves outside itself (its
 * work folder, its containers and images, its record on the cluster), so a later run can tell
 * the leftovers of a killed run (`kill -9`, a closed laptop lid) from those of a live one.
 */
export const RUN_OWNER_LABEL = "io.gitops-conformance.owner";
/** KEEP_CLUSTER=1: the run's cluster is the user's to keep; no sweep removes it. */
export const RUN_KEPT_LABEL = "io.gitops-conformance.kept";

/**
 * Where a pid means something: one boot of one kernel, one pid namespace. A hostname alone is
 * not enough (cloned VMs, containers sharing the host's name); the kernel's boot id differs
 * between machines and boots, the pid namespace between containers on one kernel.
 */
function processSpace(): string {
  const bootId = readOr("/proc/sys/kernel/random/boot_id", () =>
    // No /proc (macOS): the boot time, to the minute, stands in for the boot id.
    String(Math.round((Date.now() / 1000 - uptime()) / 60)),
  ).trim();
  const pidNamespace = linkOr("/proc/self/ns/pid", "-").replace(/\D/g, "") || "-";
  return `${hostname()}/${bootId}/${pidNamespace}`;
}

/** When process `pid` started, in clock ticks since boot; undefined where /proc has no answer. */
function startTicks(pid: number): string | undefined {
  const stat = readOr(`/proc/${pid}/stat`, () => "");
  // Field 22, counted after the command name, which may itself contain spaces and parentheses.
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
}

/** "host/boot/pidns/pid/start" of this process. */
export function thisRunOwner(): string {
  return ownerOfPid(process.pid, startTicks(process.pid));
}

/** The owner string of process `pid` of this process space (tests name dead and reused pids with it). */
export function ownerOfPid(pid: number, started = "-"): string {
  return `${processSpace()}/${pid}/${started}`;
}

/**
 * True only when the owner ran in this process space and its process is gone (or the pid now
 * belongs to a process started later). A run of another machine, boot or container is never
 * judged dead: it may well be running.
 */
export function ownerIsGone(owner: string | undefined, isAlive = processIsAlive): boolean {
  const match = /^(.+)\/(\d+)\/([^/]+)$/.exec(owner ?? "");
  if (!match || match[1] !== processSpace()) return false;
  const pid = Number(match[2]);
  if (!isAlive(pid)) return true;
  const started = startTicks(pid);
  return match[3] !== "-" && started !== undefined && started !== match[3];
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

function readOr(file: string, fallback: () => string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return fallback();
  }
}

function linkOr(link: string, fallback: string): string {
  try {
    return readlinkSync(link);
  } catch {
    return fallback;
  }
}

/** Docker labels naming this process as the owner, and marking a kept cluster. */
export function runOwnerLabels(kept = false, owner = thisRunOwner()): Record<string, string> {
  return { [RUN_OWNER_LABEL]: owner, ...(kept ? { [RUN_KEPT_LABEL]: "true" } : {}) };
}
