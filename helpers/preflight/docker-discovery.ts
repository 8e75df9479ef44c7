import type { ContainerRuntimeClient } from "testcontainers";
import { firstLine } from "./check-result";
import { type DaemonInfo, type DaemonVersion, DockerRequestError, dockerJson } from "./docker-api";
import { type CliContext, dockerCliContext } from "./docker-cli-context";
import { type DockerEndpoint, dockerCandidates, type LocatorInput } from "./docker-endpoints";
import { withTimeout } from "./with-timeout";

/** One endpoint that was tried and did not answer as a Docker API. */
export interface FailedAttempt {
  endpoint: DockerEndpoint;
  error: string;
  /** errno-style code when there is one (ENOENT, EACCES, ECONNREFUSED, ETIMEDOUT). */
  code?: string;
}

/** Whether testcontainers itself, resolving Docker its own way, got a working client. */
export type TestcontainersVerdict =
  | { state: "ok"; client: ContainerRuntimeClient }
  | { state: "failed"; error: string }
  | { state: "not-checked" };

export type DockerStatus =
  | {
      reachable: true;
      endpoint: DockerEndpoint;
      info: DaemonInfo;
      version: DaemonVersion;
      /** Entries earlier in testcontainers' order that failed, so it fell back to `endpoint`. */
      failedBefore: FailedAttempt[];
      testcontainers: TestcontainersVerdict;
    }
  | {
      reachable: false;
      failed: FailedAttempt[];
      absentSockets: string[];
      cliContext?: CliContext;
    };

export interface DiscoveryOptions {
  locator: LocatorInput;
  /** Per endpoint; local sockets answer in milliseconds, so a few seconds is plenty. */
  probeTimeoutMs?: number;
  /** Confirms with testcontainers' own resolution; it reads process.env, so only pass it for the real environment. */
  confirm?: () => Promise<ContainerRuntimeClient>;
  confirmTimeoutMs?: number;
}

type Probe = { ok: true; info: DaemonInfo; version: DaemonVersion } | { ok: false; attempt: FailedAttempt };

async function probe(endpoint: DockerEndpoint, timeoutMs: number): Promise<Probe> {
  try {
    const [info, version] = await Promise.all([
      dockerJson<DaemonInfo>(endpoint, "/info", timeoutMs),
      dockerJson<DaemonVersion>(endpoint, "/version", timeoutMs),
    ]);
    return { ok: true, info, version };
  } catch (error) {
    const code = error instanceof DockerRequestError ? error.code : undefined;
    return { ok: false, attempt: { endpoint, error: firstLine(error), ...(code ? { code } : {}) } };
  }
}

export async function discoverDocker(options: DiscoveryOptions): Promise<DockerStatus> {
  const { locator, probeTimeoutMs = 3_000, confirm, confirmTimeoutMs = 8_000 } = options;
  const { endpoints, absentSockets } = dockerCandidates(locator);
  // All at once, so the slowest endpoint bounds the wait; the first in order that works wins.
  const probes = await Promise.all(endpoints.map((e) => probe(e, probeTimeoutMs)));
  const failed: FailedAttempt[] = [];
  for (const [i, result] of probes.entries()) {
    const endpoint = endpoints[i];
    if (!endpoint) continue;
    if (!result.ok) {
      failed.push(result.attempt);
      continue;
    }
    let testcontainers: TestcontainersVerdict = { state: "not-checked" };
    if (confirm) {
      try {
        testcontainers = { state: "ok", client: await withTimeout(confirm(), confirmTimeoutMs) };
      } catch (error) {
        testcontainers = { state: "failed", error: firstLine(error) };
      }
    }
    return {
      reachable: true,
      endpoint,
      info: result.info,
      version: result.version,
      failedBefore: failed,
      testcontainers,
    };
  }
  const cliContext = dockerCliContext(locator.env, locator.homeDir);
  return { reachable: false, failed, absentSockets, ...(cliContext ? { cliContext } : {}) };
}

/** "Docker Engine 28.2.1" or "Podman Engine 5.4.0": what the daemon says it is. */
export function engineName(status: Extract<DockerStatus, { reachable: true }>): string {
  const podman = status.version.Components?.find((c) => /podman/i.test(c.Name ?? ""));
  if (podman) return `Podman ${podman.Version ?? status.info.ServerVersion ?? "?"}`;
  return `Docker ${status.info.ServerVersion ?? status.version.Version ?? "?"}`;
}

export function isPodman(status: Extract<DockerStatus, { reachable: true }>): boolean {
  return engineName(status).startsWith("Podman");
}
