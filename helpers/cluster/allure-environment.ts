import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { allureResultsDir } from "../report/report-paths";
import type { ClusterInfo } from "./cluster-info";

/** The report's Environment panel: what was actually running, where, and when. */
export function environmentProperties(info: ClusterInfo, now = new Date()): string {
  const entries: [string, string][] = [
    ["Cluster", info.road.description],
    ["Kubernetes", info.versions.kubernetes],
    ["Argo CD", info.versions.argoCd],
    ["Argo Rollouts", info.versions.rollouts],
    ["Runner", `${os.hostname()} (${os.platform()} ${os.arch()}, ${os.cpus().length} CPUs)`],
    ["Node", process.version],
    ["Run", info.runId],
    ["Date", now.toISOString()],
  ];
  // Java properties format: escape what would end a key or a line.
  const escapeProperty = (s: string) =>
    s
      .replace(/\\/g, "\\\\")
      .replace(/\n/g, "\\n")
      .replace(/([=:])/g, "\\$1");
  return `${entries.map(([k, v]) => `${escapeProperty(k)}=${escapeProperty(v)}`).join("\n")}\n`;
}

export async function writeAllureEnvironment(info: ClusterInfo): Promise<void> {
  const dir = allureResultsDir();
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "environment.properties"), environmentProperties(info));
}
