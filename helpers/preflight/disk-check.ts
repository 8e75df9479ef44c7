import { statfs } from "node:fs/promises";
import os from "node:os";
import { type CheckResult, fail, firstLine, ok, warn } from "./check-result";
import type { DockerStatus } from "./docker-connection";

export const DISK_CHECK = "Disk space";

/** The k3s image plus the Argo CD and Rollouts images unpacked inside it take about 3 GB. */
export const DISK_FAIL_BELOW_BYTES = 3e9;
/** Below this, images fit but logs, lab workloads and a second run may not. */
export const DISK_WARN_BELOW_BYTES = 6e9;

export interface DiskFacts {
  path: string;
  freeBytes: number;
  /** What the path is, e.g. "Docker's data directory" or "the temp dir". */
  what: string;
  /** Why the temp dir was measured instead of Docker's data directory, when it was. */
  note?: string;
}

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;

export function checkDiskSpace(facts: DiskFacts): CheckResult {
  const where = `${gb(facts.freeBytes)} free in ${facts.what} ${facts.path}`;
  const note = facts.note ? ` ${facts.note}` : "";
  const prune = "docker system prune removes stopped containers, unused networks and dangling images";
  if (facts.freeBytes < DISK_FAIL_BELOW_BYTES) {
    return fail(
      DISK_CHECK,
      `Only ${where}; k3s and the Argo images need about ${gb(DISK_FAIL_BELOW_BYTES)}.${note}`,
      `Free at least ${gb(DISK_FAIL_BELOW_BYTES - facts.freeBytes)} there (${prune}), then run again.`,
    );
  }
  if (facts.freeBytes < DISK_WARN_BELOW_BYTES) {
    return warn(
      DISK_CHECK,
      `${where}: enough for k3s and the Argo images (about ${gb(DISK_FAIL_BELOW_BYTES)}), but little room for lab workloads and logs.${note}`,
      `Free some space there if a run fails on disk pressure (${prune}).`,
    );
  }
  return ok(DISK_CHECK, facts.note ? `${where}; ${facts.note.replace(/\.$/, "")}` : where);
}

async function freeBytes(path: string): Promise<number> {
  const s = await statfs(path);
  return s.bavail * s.bsize;
}

/**
 * Measures where Docker keeps images when that directory is on this machine:
 * a local socket to a daemon with this host's name. Docker Desktop, Colima or
 * a remote daemon keep it elsewhere, so then the temp dir is measured and the
 * result says so.
 */
export async function measureDisk(
  status: DockerStatus | undefined,
  tmpDir: string = os.tmpdir(),
): Promise<DiskFacts> {
  let note: string | undefined;
  if (status?.reachable) {
    const root = status.info.DockerRootDir;
    const local = status.uri.startsWith("unix://") && status.info.Name === os.hostname();
    if (root && local) {
      try {
        return { path: root, freeBytes: await freeBytes(root), what: "Docker's data directory" };
      } catch (error) {
        note = `Docker's data directory ${root} could not be measured (${firstLine(error)}).`;
      }
    } else if (root) {
      note = `Docker keeps its data in ${root} on ${status.info.Name ?? "another machine"} (a VM or remote host), whose free space is not visible from here.`;
    }
  }
  const facts: DiskFacts = { path: tmpDir, freeBytes: await freeBytes(tmpDir), what: "the temp dir" };
  return note ? { ...facts, note } : facts;
}
