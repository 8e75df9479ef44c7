import { readFile } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import type { DockerEndpoint } from "./docker-endpoints";
import { readAnswer } from "./read-answer";

/**
 * A few read-only Docker Engine API calls over the socket or TCP, each bounded
 * by a timeout. The doctor uses these rather than dockerode so it can say
 * exactly which endpoint failed and why, and never hangs.
 */
export interface DockerResponse {
  status: number;
  body: string;
}

/** Fields of GET /info the checks read (Docker and Podman both answer them). */
export interface DaemonInfo {
  Name?: string;
  ServerVersion?: string;
  OperatingSystem?: string;
  OSType?: string;
  SecurityOptions?: string[] | null;
  CgroupVersion?: string;
  CgroupDriver?: string;
  DockerRootDir?: string;
  DefaultRuntime?: string;
  Plugins?: { Authorization?: string[] | null };
  RegistryConfig?: { Mirrors?: string[] | null };
}

/** Fields of GET /version the checks read. */
export interface DaemonVersion {
  Version?: string;
  ApiVersion?: string;
  Components?: { Name?: string; Version?: string }[] | null;
}

export class DockerRequestError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = "DockerRequestError";
  }
}

export async function dockerRequest(
  endpoint: DockerEndpoint,
  apiPath: string,
  timeoutMs: number,
): Promise<DockerResponse> {
  if (endpoint.invalid) throw new DockerRequestError(endpoint.invalid);
  const tls = endpoint.tlsCertPath
    ? await Promise.all(
        ["ca.pem", "cert.pem", "key.pem"].map((f) => readFile(path.join(endpoint.tlsCertPath ?? "", f))),
      ).catch((e: NodeJS.ErrnoException) => {
        throw new DockerRequestError(`cannot read the TLS files in DOCKER_CERT_PATH (${e.message})`, e.code);
      })
    : undefined;
  const transport = tls ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      {
        method: "GET",
        path: apiPath,
        ...(endpoint.socketPath
          ? { socketPath: endpoint.socketPath }
          : { host: endpoint.host, port: endpoint.port }),
        ...(tls ? { ca: tls[0], cert: tls[1], key: tls[2] } : {}),
        headers: { Host: "docker", "User-Agent": "gitops-conformance-doctor" },
        signal: AbortSignal.timeout(timeoutMs),
        agent: false,
      },
      (res) => {
        readAnswer(res).then(resolve, (e: Error) => reject(new DockerRequestError(e.message)));
      },
    );
    req.on("error", (e: NodeJS.ErrnoException) => {
      const timedOut = e.name === "AbortError" || e.code === "ABORT_ERR";
      reject(
        timedOut
          ? new DockerRequestError(`no answer within ${(timeoutMs / 1000).toFixed(1)} s`, "ETIMEDOUT")
          : new DockerRequestError(e.message, e.code),
      );
    });
    req.end();
  });
}

export async function dockerJson<T>(
  endpoint: DockerEndpoint,
  apiPath: string,
  timeoutMs: number,
): Promise<T> {
  const res = await dockerRequest(endpoint, apiPath, timeoutMs);
  if (res.status !== 200) {
    throw new DockerRequestError(`GET ${apiPath} answered HTTP ${res.status}, so this is not a Docker API`);
  }
  try {
    return JSON.parse(res.body) as T;
  } catch {
    throw new DockerRequestError(`GET ${apiPath} did not answer JSON, so this is not a Docker API`);
  }
}

/** Whether the daemon has the image locally (GET /images/{name}/json: 200 or 404). */
export async function imagePresent(
  endpoint: DockerEndpoint,
  image: string,
  timeoutMs: number,
): Promise<boolean> {
  // The API route takes the reference as is, slashes included (as the docker CLI sends it).
  const res = await dockerRequest(endpoint, `/images/${encodeURI(image)}/json`, timeoutMs);
  if (res.status === 200) return true;
  if (res.status === 404) return false;
  throw new DockerRequestError(`inspecting ${image} answered HTTP ${res.status}`);
}
