import os from "node:os";
import Dockerode from "dockerode";
import type { ContainerRuntimeClient } from "testcontainers";
import { firstLine } from "./check-result";
import { type CliContext, dockerCliContext } from "./docker-cli-context";
import { applyLocalhostOverride } from "./docker-host-override";
import { DeadlineError, withTimeout } from "./with-timeout";

/**
 * The Docker the lab tier will use, found by testcontainers'
 * getContainerRuntimeClient(). One thing is added: testcontainers falls back
 * from a Docker the user named (tc.host, DOCKER_HOST, docker.host) that does
 * not answer to the machine's own sockets, silently. The suite does not: a
 * named Docker is asked first, and when it does not answer that is the
 * verdict. Only after it answered is testcontainers asked, which then takes
 * the same endpoint and caches its client for the rest of the process, so the
 * lab tier's setup (which runs the preflight first) boots k3s where the
 * preflight looked.
 */

/** Fields of GET /info the checks read (Docker and Podman both answer them). */
export interface DaemonInfo {
  Name?: string;
  ServerVersion?: string;
  SecurityOptions?: string[] | null;
  CgroupVersion?: string;
  CgroupDriver?: string;
  DockerRootDir?: string;
  DefaultRuntime?: string;
  Plugins?: { Authorization?: string[] | null };
  RegistryConfig?: { Mirrors?: string[] | null };
  HttpProxy?: string;
  HttpsProxy?: string;
}

/** Fields of GET /version the checks read: Podman names itself among the components. */
export interface DaemonVersion {
  Version?: string;
  Components?: { Name?: string; Version?: string }[] | null;
}

/** The Docker the user named, as testcontainers reads the setting. */
export interface NamedEndpoint {
  uri: string;
  /** e.g. "DOCKER_HOST" or "docker.host in ~/.testcontainers.properties". */
  source: string;
  /** testcontainers' own connection options for it. */
  dockerOptions?: Dockerode.DockerOptions;
  /** Why testcontainers cannot use the setting at all (not a URL, ssh://, TLS files missing). */
  invalid?: string;
}

export type DockerStatus =
  | {
      reachable: true;
      /** testcontainers' client, the one the lab tier's setup goes on to use. */
      client: ContainerRuntimeClient;
      uri: string;
      named?: NamedEndpoint;
      info: DaemonInfo;
      version: DaemonVersion;
    }
  | {
      reachable: false;
      named?: NamedEndpoint;
      /** The socket that was asked, when nothing was named. */
      tried?: string;
      error: string;
      /** errno-style code when there is one (ENOENT, EACCES, ECONNREFUSED, ETIMEDOUT). */
      code?: string;
      /** Docker answered, but testcontainers could not set up its client on it. */
      testcontainersFailed?: true;
      cliContext?: CliContext;
    };

export interface ConnectOptions {
  /** Defaults to the setting testcontainers tries first; tests pass their own. */
  named?: () => Promise<NamedEndpoint | undefined>;
  /** Defaults to testcontainers' getContainerRuntimeClient(). */
  connect?: () => Promise<ContainerRuntimeClient>;
  /** For the docker CLI context hint. */
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  /** Per request to Docker; local sockets answer in milliseconds. */
  probeTimeoutMs?: number;
  /**
   * For testcontainers' client setup, which has no timeout of its own. With the probe before and
   * the info after, the whole stays under the preflight's 12 s per check, so a hang is a verdict.
   */
  connectTimeoutMs?: number;
}

interface Problem {
  error: string;
  code?: string;
}

/** tc.host, else DOCKER_HOST, else docker.host: the first endpoint testcontainers tries, when the user named one. */
export async function namedEndpoint(
  env: NodeJS.ProcessEnv = process.env,
): Promise<NamedEndpoint | undefined> {
  // testcontainers' own reading of process.env and ~/.testcontainers.properties (once per process).
  const { getContainerRuntimeConfig } = await import(
    "testcontainers/build/container-runtime/strategies/utils/config"
  );
  const { TestcontainersHostStrategy } = await import(
    "testcontainers/build/container-runtime/strategies/testcontainers-host-strategy"
  );
  const { ConfigurationStrategy } = await import(
    "testcontainers/build/container-runtime/strategies/configuration-strategy"
  );
  const { tcHost, dockerHost } = await getContainerRuntimeConfig();
  const file = "in ~/.testcontainers.properties";
  const [uri, source, strategy] = tcHost
    ? [tcHost, `tc.host ${file}`, new TestcontainersHostStrategy()]
    : [dockerHost, env.DOCKER_HOST ? "DOCKER_HOST" : `docker.host ${file}`, new ConfigurationStrategy()];
  if (!uri) return undefined;
  // testcontainers would ask the host's port 80, then throw "Unsupported protocol".
  if (uri.startsWith("ssh:"))
    return { uri, source, invalid: "testcontainers does not support ssh:// Docker hosts" };
  try {
    const result = await strategy.getResult();
    return { uri, source, ...(result ? { dockerOptions: result.dockerOptions } : {}) };
  } catch (error) {
    // "Invalid URL", or the TLS files of DOCKER_CERT_PATH missing.
    return { uri, source, invalid: firstLine(error) };
  }
}

/** Asks exactly this endpoint for /info through dockerode: undefined when it answers, else why not. */
export async function probeDocker(
  options: Dockerode.DockerOptions,
  timeoutMs = 3_000,
): Promise<Problem | undefined> {
  try {
    // Its own timeout only closes the connection, after the verdict.
    const docker = new Dockerode({ ...options, timeout: timeoutMs + 1_000 });
    await withTimeout(docker.info(), timeoutMs);
    return undefined;
  } catch (error) {
    if (error instanceof DeadlineError) {
      return { error: error.message, code: "ETIMEDOUT" };
    }
    const { code, statusCode } = error as NodeJS.ErrnoException & { statusCode?: number };
    // Something else listens there (a web server, a proxy): docker-modem says "(HTTP code 404) unexpected".
    if (statusCode) return { error: `GET /info answered HTTP ${statusCode}, not as a Docker API does` };
    return { error: firstLine(error), ...(code ? { code } : {}) };
  }
}

/** Nothing named and testcontainers found no Docker: asks the socket it would have used, for the reason. */
async function localSocketProblem(timeoutMs: number): Promise<(Problem & { tried?: string }) | undefined> {
  const { UnixSocketStrategy } = await import(
    "testcontainers/build/container-runtime/strategies/unix-socket-strategy"
  );
  const { RootlessUnixSocketStrategy } = await import(
    "testcontainers/build/container-runtime/strategies/rootless-unix-socket-strategy"
  );
  for (const strategy of [new UnixSocketStrategy(), new RootlessUnixSocketStrategy()]) {
    const result = await strategy.getResult();
    if (!result) continue;
    const problem = await probeDocker(result.dockerOptions, timeoutMs);
    return problem ? { tried: result.uri, ...problem } : undefined;
  }
  return {
    error:
      "DOCKER_HOST is not set, and there is no Docker socket at /var/run/docker.sock nor a per-user one such as ~/.docker/run/docker.sock",
    code: "ENOENT",
  };
}

type Modem = { socketPath?: string; host?: string; port?: string | number };

function endpointUri(modem: Modem): string {
  if (modem.host) return `tcp://${modem.host}${modem.port ? `:${modem.port}` : ""}`;
  const socket = modem.socketPath ?? "";
  return socket.startsWith("//./pipe/") ? `npipe://${socket}` : `unix://${socket}`;
}

function sameEndpoint(options: Dockerode.DockerOptions, modem: Modem): boolean {
  if (options.socketPath) return !modem.host && modem.socketPath === options.socketPath;
  return modem.host === options.host && String(modem.port ?? "") === String(options.port ?? "");
}

export async function connectDocker(options: ConnectOptions = {}): Promise<DockerStatus> {
  const probeMs = options.probeTimeoutMs ?? 3_000;
  const connectMs = options.connectTimeoutMs ?? 5_000;
  const env = options.env ?? process.env;
  const named = await (options.named ?? (() => namedEndpoint(env)))();
  if (named) {
    const problem = named.dockerOptions
      ? await probeDocker(named.dockerOptions, probeMs)
      : { error: named.invalid ?? "testcontainers cannot use it" };
    // Never handed to testcontainers then: it would fall back to a Docker nobody named.
    if (problem) return { reachable: false, named, ...problem };
  }

  let client: ContainerRuntimeClient;
  try {
    // testcontainers resolves its host once, on its first client: the local engine's quirk must be set first.
    if (!named && !options.connect) await applyLocalhostOverride(process.env);
    const connect = options.connect ?? (await import("testcontainers")).getContainerRuntimeClient;
    client = await withTimeout(connect(), connectMs);
  } catch (error) {
    const failed = { reachable: false as const, ...(named ? { named } : {}) };
    if (error instanceof DeadlineError) return { ...failed, error: error.message, code: "ETIMEDOUT" };
    // testcontainers says only "Could not find a working container runtime strategy".
    const problem = named ? undefined : await localSocketProblem(probeMs);
    if (!problem) return { ...failed, error: firstLine(error), testcontainersFailed: true };
    const cliContext = dockerCliContext(env, options.homeDir ?? os.homedir());
    return { ...failed, ...problem, ...(cliContext ? { cliContext } : {}) };
  }

  const dockerode = client.container.dockerode;
  const modem = dockerode.modem as Modem;
  if (named?.dockerOptions && !sameEndpoint(named.dockerOptions, modem)) {
    return {
      reachable: false,
      named,
      error: `testcontainers connected to ${endpointUri(modem)} instead`,
      testcontainersFailed: true,
    };
  }
  const uri = named?.uri ?? endpointUri(modem);
  try {
    const facts = Promise.all([
      dockerode.info() as Promise<DaemonInfo>,
      dockerode.version() as Promise<DaemonVersion>,
    ]);
    const [info, version] = await withTimeout(facts, probeMs);
    return { reachable: true, client, uri, ...(named ? { named } : {}), info, version };
  } catch (error) {
    const code = error instanceof DeadlineError ? "ETIMEDOUT" : (error as NodeJS.ErrnoException).code;
    return {
      reachable: false,
      ...(named ? { named } : { tried: uri }),
      error: firstLine(error),
      ...(code ? { code } : {}),
    };
  }
}

/** "Docker 28.2.1" or "Podman 5.4.0": what the daemon says it is. */
export function engineName(status: Extract<DockerStatus, { reachable: true }>): string {
  const podman = status.version.Components?.find((c) => /podman/i.test(c.Name ?? ""));
  if (podman) return `Podman ${podman.Version ?? status.info.ServerVersion ?? "?"}`;
  return `Docker ${status.info.ServerVersion ?? status.version.Version ?? "?"}`;
}

export function isPodman(status: Extract<DockerStatus, { reachable: true }>): boolean {
  return engineName(status).startsWith("Podman");
}
