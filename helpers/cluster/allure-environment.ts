import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { allureResultsDir } from "../report/report-paths";
import type { ClusterInfo } from "./cluster-info";

/** Where a learner reads how the kit's images differ from upstream's. */
export function kitDifferencesLink(env: NodeJS.ProcessEnv = process.env): string {
  const anchor = "kit/README.md#what-it-builds";
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY)
    return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA ?? "HEAD"}/${anchor}`;
  return `${anchor} in the suite's repository`;
}

/** Whose images the run's cluster ran: the road decides it (helpers/preflight/run-path.ts). */
export function imagesOfRoad(road: ClusterInfo["road"], env: NodeJS.ProcessEnv = process.env): string {
  switch (road.kind) {
    case "kit-node":
      return `the offline kit's, built here from Go modules and Debian packages, not upstream's (differences: ${kitDifferencesLink(env)})`;
    case "existing":
      return "whatever the existing cluster runs (upstream's, unless it was given the kit's)";
    default:
      return "upstream's, from their registries";
  }
}

/**
 * The report's Environment panel: what was actually running, where, and when. Keys are
 * single words (Java properties: a space would end the key), values as the cluster reported them.
 */
export function environmentProperties(
  info: ClusterInfo,
  now = new Date(),
  env: NodeJS.ProcessEnv = process.env,
): string {
  const entries: [string, string][] = [
    ["cluster", info.road.description],
    ["images", imagesOfRoad(info.road, env)],
    ["kubernetes.version", info.versions.kubernetes],
    ["argocd.version", info.versions.argoCd],
    ["argo-rollouts.version", info.versions.rollouts],
    ["runner", `${os.hostname()} (${os.platform()} ${os.arch()}, ${os.cpus().length} CPUs)`],
    ["node.version", process.version],
    ["run", info.runId],
    ["date", now.toISOString()],
  ];
  // Java properties format: escape what would end a key or a line.
  const escapeProperty = (s: string) =>
    s
      .replace(/\\/g, "\\\\")
      .replace(/\n/g, "\\n")
      .replace(/([=:])/g, "\\$1");
  return `${entries.map(([k, v]) => `${k}=${escapeProperty(v)}`).join("\n")}\n`;
}

export async function writeAllureEnvironment(info: ClusterInfo): Promise<void> {
  const dir = allureResultsDir();
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "environment.properties"), environmentProperties(info));
}
