import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { capabilitiesMissingFromBoundingSet } from "./capabilities.ts";

export const DOCKER_SOCKET = "/var/run/docker.sock";
export const ENGINE_DIR = "/var/lib/gitops-conformance/docker";

/** True when a Docker engine answers `GET /_ping` on the socket within the time given. */
export function dockerAnswers(socketPath = DOCKER_SOCKET, timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ socketPath, path: "/_ping", timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(false));
  });
}

/**
 * The OCI runtime wrapper: drops the capabilities this machine cannot grant
 * from a container's spec (create) or an exec's process (--process) before
 * runc sees them. Without it, every privileged container fails to start.
 */
export function runtimeWrapperScript(runc: string, dropped: readonly string[]): string {
  const drop = JSON.stringify(dropped);
  const filter = `with_entries(.value |= ((. // []) - $drop))`;
  return `#!/bin/sh
# Written by npm run docker:start (gitops-conformance). This machine's capability
# bounding set lacks ${dropped.join(", ")}; a privileged container asks for every
# capability, and runc refuses a spec that asks for one the kernel will not give.
drop='${drop}'
bundle=.
process=
prev=
for arg in "$@"; do
  case "$prev" in --bundle|-b) bundle=$arg ;; --process|-p) process=$arg ;; esac
  case "$arg" in --bundle=*) bundle=\${arg#--bundle=} ;; --process=*) process=\${arg#--process=} ;; esac
  prev=$arg
done
strip() { jq -c --argjson drop "$drop" "$1" "$2" > "$2.caps" && mv "$2.caps" "$2"; }
case " $* " in
  *" create "*|*" run "*)
    [ -f "$bundle/config.json" ] && strip '.process.capabilities |= (if . == null then . else ${filter} end)' "$bundle/config.json" ;;
esac
if [ -n "$process" ] && [ -f "$process" ]; then
  strip '.capabilities |= (if . == null then . else ${filter} end)' "$process"
fi
exec ${runc} "$@"
`;
}

export interface EnginePlan {
  dockerd: string;
  configFile: string;
  logFile: string;
  wrapper?: { path: string; script: string; dropped: string[] };
  daemonConfig: Record<string, unknown>;
}

export async function planEngine(): Promise<EnginePlan> {
  const [status, lastCap] = await Promise.all([
    readFile("/proc/self/status", "utf8"),
    readFile("/proc/sys/kernel/cap_last_cap", "utf8").then((s) => Number.parseInt(s, 10)),
  ]);
  const dropped = capabilitiesMissingFromBoundingSet(status, lastCap);
  const wrapperPath = path.join(ENGINE_DIR, "runc-without-missing-caps");
  const runc =
    ["/usr/sbin/runc", "/usr/bin/runc", "/usr/local/bin/runc"].find((p) => existsSync(p)) ?? "runc";
  const daemonConfig = engineConfig(dropped, wrapperPath);
  return {
    dockerd: "dockerd",
    configFile: path.join(ENGINE_DIR, "daemon.json"),
    logFile: path.join(ENGINE_DIR, "dockerd.log"),
    wrapper:
      dropped.length > 0
        ? { path: wrapperPath, script: runtimeWrapperScript(runc, dropped), dropped }
        : undefined,
    daemonConfig,
  };
}

/**
 * daemon.json for the engine docker:start runs. Published ports default to loopback: testcontainers
 * publishes its port forwarder's sshd (root/root) with no host address, which Docker would otherwise
 * open on every interface of the machine.
 */
export function engineConfig(dropped: readonly string[], wrapperPath: string): Record<string, unknown> {
  const daemonConfig: Record<string, unknown> = { ip: "127.0.0.1" };
  if (dropped.length > 0) {
    daemonConfig.runtimes = { "runc-without-missing-caps": { path: wrapperPath } };
    daemonConfig["default-runtime"] = "runc-without-missing-caps";
  }
  return daemonConfig;
}

export async function writeEngineFiles(plan: EnginePlan): Promise<void> {
  await mkdir(ENGINE_DIR, { recursive: true });
  if (plan.wrapper) await writeFile(plan.wrapper.path, plan.wrapper.script, { mode: 0o755 });
  await writeFile(plan.configFile, `${JSON.stringify(plan.daemonConfig, null, 2)}\n`);
}
