import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Where testcontainers looks for Docker, in its order (see its
 * container-runtime/strategies): tc.host from ~/.testcontainers.properties,
 * then DOCKER_HOST (or docker.host from that file), then /var/run/docker.sock,
 * then the first per-user socket that exists. It moves on when one fails, so
 * the doctor probes the same list and reports what the suite would end up using.
 */
export interface DockerEndpoint {
  /** As a person would write it, e.g. unix:///var/run/docker.sock. */
  uri: string;
  /** Where it came from, e.g. "DOCKER_HOST". */
  source: string;
  socketPath?: string;
  host?: string;
  port?: number;
  /** Set when DOCKER_TLS_VERIFY=1: the directory holding ca.pem, cert.pem, key.pem. */
  tlsCertPath?: string;
  /** Why testcontainers could not use this entry at all (bad URL, unsupported scheme). */
  invalid?: string;
}

export interface LocatorInput {
  env: NodeJS.ProcessEnv;
  homeDir: string;
  platform: NodeJS.Platform;
  uid: number;
  /** testcontainers hard-codes this; injectable so tests do not depend on the machine. */
  defaultSocket: string;
  exists: (file: string) => boolean;
}

export interface Candidates {
  /** Entries testcontainers would try, in order. */
  endpoints: DockerEndpoint[];
  /** Socket paths it would have tried had they existed. */
  absentSockets: string[];
}

export function defaultLocatorInput(env: NodeJS.ProcessEnv = process.env): LocatorInput {
  return {
    env,
    homeDir: os.homedir(),
    platform: process.platform,
    uid: os.userInfo().uid,
    defaultSocket: "/var/run/docker.sock",
    exists: existsSync,
  };
}

/** The subset of ~/.testcontainers.properties that decides the Docker endpoint. */
function readProperties(homeDir: string, exists: (f: string) => boolean): Map<string, string> {
  const file = path.join(homeDir, ".testcontainers.properties");
  const props = new Map<string, string>();
  if (!exists(file)) return props;
  try {
    for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
      const match = /^\s*([\w.]+)\s*[=:]\s*(.*?)\s*$/.exec(line);
      if (match?.[1] && match[2] !== undefined && !line.trimStart().startsWith("#"))
        props.set(match[1], match[2]);
    }
  } catch {
    // Unreadable: testcontainers would fail the same way and move on.
  }
  return props;
}

export function parseDockerHost(uri: string, source: string, tlsCertPath?: string): DockerEndpoint {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return {
      uri,
      source,
      invalid: "not a URL (expected e.g. unix:///var/run/docker.sock or tcp://host:2376)",
    };
  }
  if (url.protocol === "ssh:") {
    return { uri, source, invalid: "testcontainers does not support ssh:// Docker hosts" };
  }
  // Like testcontainers: a hostname means TCP, otherwise the path is a socket.
  if (url.hostname !== "") {
    const tls = tlsCertPath !== undefined;
    return {
      uri,
      source,
      host: url.hostname.replace(/^\[|\]$/g, ""),
      port: url.port ? Number(url.port) : tls ? 2376 : 2375,
      ...(tls ? { tlsCertPath } : {}),
    };
  }
  return { uri, source, socketPath: decodeURIComponent(url.pathname) };
}

export function dockerCandidates(input: LocatorInput): Candidates {
  const { env, homeDir, platform, exists } = input;
  const props = readProperties(homeDir, exists);
  const endpoints: DockerEndpoint[] = [];
  const absentSockets: string[] = [];

  const tcHost = props.get("tc.host");
  if (tcHost) endpoints.push(parseDockerHost(tcHost, "tc.host in ~/.testcontainers.properties"));

  const dockerHost = env.DOCKER_HOST ?? props.get("docker.host");
  if (dockerHost !== undefined && dockerHost !== "") {
    const verify = env.DOCKER_TLS_VERIFY ?? props.get("docker.tls.verify");
    const certPath = env.DOCKER_CERT_PATH ?? props.get("docker.cert.path");
    const source =
      env.DOCKER_HOST !== undefined ? "DOCKER_HOST" : "docker.host in ~/.testcontainers.properties";
    endpoints.push(parseDockerHost(dockerHost, source, verify === "1" ? certPath : undefined));
  }

  if (platform === "linux" || platform === "darwin") {
    if (exists(input.defaultSocket)) {
      endpoints.push({
        uri: `unix://${input.defaultSocket}`,
        source: "default socket",
        socketPath: input.defaultSocket,
      });
    } else {
      absentSockets.push(input.defaultSocket);
    }
    const perUser = [
      env.XDG_RUNTIME_DIR ? path.join(env.XDG_RUNTIME_DIR, "docker.sock") : undefined,
      path.join(homeDir, ".docker", "run", "docker.sock"),
      path.join(homeDir, ".docker", "desktop", "docker.sock"),
      path.join("/run", "user", String(input.uid), "docker.sock"),
    ].filter((p): p is string => p !== undefined);
    // testcontainers takes only the first per-user socket that exists.
    const found = perUser.find((p) => exists(p));
    if (found) endpoints.push({ uri: `unix://${found}`, source: "per-user socket", socketPath: found });
    else absentSockets.push(...perUser);
  }
  if (platform === "win32") {
    endpoints.push({
      uri: "npipe:////./pipe/docker_engine",
      source: "default pipe",
      socketPath: "//./pipe/docker_engine",
    });
  }
  return { endpoints, absentSockets };
}
