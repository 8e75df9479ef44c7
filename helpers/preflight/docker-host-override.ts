import { existsSync } from "node:fs";
import os from "node:os";
import Dockerode from "dockerode";
import { withTimeout } from "./with-timeout";

export const HOST_OVERRIDE_ENV = "TESTCONTAINERS_HOST_OVERRIDE";
const LOCAL_SOCKET = "/var/run/docker.sock";

export interface HostFacts {
  env: NodeJS.ProcessEnv;
  /** Whether /.dockerenv exists: testcontainers' sign that it runs in a container beside its engine. */
  dockerenv: boolean;
  /** The name the engine on the local socket gives itself (GET /info Name), if it answers. */
  engineName: () => Promise<string | undefined>;
  hostname: string;
}

/**
 * testcontainers takes a machine with /.dockerenv for a container beside its engine and reaches
 * published ports at the bridge's gateway. Some machines carry that file although the engine runs on
 * the machine itself (this project's VMs do), and where ports are published on loopback only (the
 * engine npm run docker:start runs) the gateway reaches none of them. Then testcontainers is told to
 * use localhost: only when nothing else was said, and the engine names itself as this machine.
 */
export async function localhostOverride(facts: HostFacts): Promise<string | undefined> {
  if (facts.env[HOST_OVERRIDE_ENV] !== undefined || !facts.dockerenv) return undefined;
  return (await facts.engineName()) === facts.hostname ? "localhost" : undefined;
}

/** Sets TESTCONTAINERS_HOST_OVERRIDE in this process before testcontainers resolves its host, when it applies. */
export async function applyLocalhostOverride(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const override = await localhostOverride({
    env,
    dockerenv: existsSync("/.dockerenv"),
    engineName: async () => {
      if (!existsSync(LOCAL_SOCKET)) return undefined;
      const info = (await withTimeout(
        new Dockerode({ socketPath: LOCAL_SOCKET, timeout: 4_000 }).info(),
        3_000,
      ).catch(() => undefined)) as { Name?: string } | undefined;
      return info?.Name;
    },
    hostname: os.hostname(),
  });
  if (override) env[HOST_OVERRIDE_ENV] = override;
}
