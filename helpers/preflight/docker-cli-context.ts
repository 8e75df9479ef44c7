import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The Docker endpoint of the docker CLI's current context. testcontainers does
 * not read Docker contexts, so with Colima, Rancher Desktop or Podman the CLI
 * works while the suite finds nothing; naming the context's socket is the fix.
 */
export interface CliContext {
  name: string;
  host: string;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

export function dockerCliContext(env: NodeJS.ProcessEnv, homeDir: string): CliContext | undefined {
  // DOCKER_HOST overrides the context for the CLI too, and testcontainers already tried it.
  if (env.DOCKER_HOST) return undefined;
  const configDir = env.DOCKER_CONFIG || path.join(homeDir, ".docker");
  const config = readJson(path.join(configDir, "config.json")) as { currentContext?: unknown } | undefined;
  const name =
    env.DOCKER_CONTEXT || (typeof config?.currentContext === "string" ? config.currentContext : "");
  if (!name || name === "default") return undefined;
  // The CLI stores each context's metadata under the SHA-256 of its name.
  const digest = createHash("sha256").update(name).digest("hex");
  const meta = readJson(path.join(configDir, "contexts", "meta", digest, "meta.json")) as
    | { Endpoints?: { docker?: { Host?: unknown } } }
    | undefined;
  const host = meta?.Endpoints?.docker?.Host;
  return typeof host === "string" && host !== "" ? { name, host } : undefined;
}
