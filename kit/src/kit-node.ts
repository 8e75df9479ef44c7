import { writeFile } from "node:fs/promises";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { K3S_AIR_GAP_FOLDER } from "../../helpers/cluster/air-gap-images.ts";
import { clusterReady } from "../../helpers/cluster/cluster-ready.ts";
import { k3sServerCommand } from "../../helpers/cluster/lab-k3s-container.ts";
import { KIT_NODE_IMAGE } from "../../helpers/project/versions.ts";
import { seconds } from "../../helpers/report/seconds.ts";
import { expectation, fail, pass, pending } from "../../helpers/wait/expectation.ts";
import { poll } from "../../helpers/wait/wait-until.ts";
import { run, runOrThrow } from "./run.ts";

export const KIT_NODE_NAME = "gitops-conformance-kit-node";
export const KIT_NODE_LABEL = "org.gitops-conformance.kit.node";

export interface KitNode {
  name: string;
  kubeconfigPath: string;
  /** The address of this machine that the node's pods reach: the Docker bridge's gateway. */
  hostAddressForPods: string;
  kubernetesVersion: string;
}

/** The node's admin kubeconfig with the API server at its published loopback port. */
export function hostKubeconfig(adminConf: string, apiPort: string): string {
  return adminConf.replace(/server: https:\/\/[^\n]+/, `server: https://127.0.0.1:${apiPort}`);
}

async function containerState(name: string): Promise<string | undefined> {
  const inspect = await run(["docker", "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", name]);
  return inspect.code === 0 ? inspect.stdout.trim() : undefined;
}

async function lastLogLines(name: string, lines = 25): Promise<string> {
  const logs = await run(["docker", "logs", "--tail", String(lines), name]);
  return `${logs.stdout}${logs.stderr}`.trim();
}

/** A wait that fails at once when the node container has stopped, with its last log lines. */
function whileRunning(name: string, check: () => Promise<ReturnType<typeof pass>>) {
  return async () => {
    const state = await containerState(name);
    if (!state?.startsWith("running"))
      return fail(`the node container is ${state ?? "gone"}:\n${await lastLogLines(name)}`);
    return check();
  };
}

export async function startKitNode(options: {
  imagesFolder: string;
  workDir: string;
  keepExisting?: boolean;
  say: (line: string) => void;
}): Promise<KitNode> {
  const name = KIT_NODE_NAME;
  let existing = await containerState(name);
  if (existing && !existing.startsWith("running")) {
    // Left by an earlier run whose machine or Docker stopped: nothing in it is worth keeping.
    options.say(`removing the stopped kit node left by an earlier run (${existing})`);
    await stopKitNode();
    existing = undefined;
  }
  if (existing) {
    throw new Error(
      `A kit node (${name}) already exists (${existing}). Use it (npm run kit:cluster -- env), or remove it first: npm run kit:cluster -- stop.`,
    );
  }
  const cgroupV1 =
    (await runOrThrow(["docker", "info", "--format", "{{.CgroupVersion}}"])).stdout.trim() === "1";
  const command = k3sServerCommand(cgroupV1);
  options.say(`starting ${KIT_NODE_IMAGE} as ${name}: k3s ${command.join(" ")}`);
  await runOrThrow([
    "docker",
    "run",
    "-d",
    "--name",
    name,
    "--hostname",
    "kit-node",
    "--label",
    `${KIT_NODE_LABEL}=true`,
    // What testcontainers' k3s module gives k3s: the node runs containers of its own.
    "--privileged",
    "--cgroupns=host",
    "-v",
    "/sys/fs/cgroup:/sys/fs/cgroup:rw",
    "--tmpfs",
    "/run",
    "-v",
    `${options.imagesFolder}:${K3S_AIR_GAP_FOLDER}:ro`,
    // The API on loopback only: a laptop's cluster admin port is nobody else's business.
    "-p",
    "127.0.0.1::6443",
    KIT_NODE_IMAGE,
    // The same k3s command line the suite gives the node on the default path.
    ...command,
  ]);
  const kubeconfigPath = path.join(options.workDir, "kit-node.kubeconfig");
  const started = performance.now();
  const adminConf = await poll(
    expectation(
      "the kit node's admin kubeconfig written",
      whileRunning(name, async () => {
        const conf = await run(["docker", "exec", name, "cat", "/etc/kubernetes/super-admin.conf"]);
        return conf.code === 0 ? pass(conf.stdout) : pending("not yet written");
      }),
    ),
    120_000,
  );
  const port = (await runOrThrow(["docker", "port", name, "6443/tcp"])).stdout.trim().split(":").at(-1) ?? "";
  await writeFile(kubeconfigPath, hostKubeconfig(adminConf.message, port), { mode: 0o600 });
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  options.say("waiting for the node Ready, CoreDNS available and the default ServiceAccount");
  const ready = clusterReady(kc, "kit");
  // A node that stopped fails the wait at once, with its last log lines.
  await poll(
    expectation(
      ready.description,
      whileRunning(name, async () => ready.check()),
    ),
    300_000,
  );
  // The node's default gateway is this machine as the node (and, masqueraded, its pods) reach it.
  const route = (await runOrThrow(["docker", "exec", name, "ip", "-4", "route", "show", "default"])).stdout;
  const gateway = route.match(/default via (\S+)/)?.[1];
  if (!gateway)
    throw new Error(
      `the kit node has no default route, so its pods cannot reach this machine: ${route.trim()}`,
    );
  const version = (await runOrThrow(["docker", "exec", name, "kubectl", "version", "--client", "-o", "json"]))
    .stdout;
  options.say(`ready after ${seconds(performance.now() - started)}`);
  return {
    name,
    kubeconfigPath,
    hostAddressForPods: gateway,
    kubernetesVersion: (JSON.parse(version) as { clientVersion: { gitVersion: string } }).clientVersion
      .gitVersion,
  };
}

/** Removes the kit node with its volumes; true when there was one. */
export async function stopKitNode(): Promise<boolean> {
  const removed = await run(["docker", "rm", "-f", "-v", KIT_NODE_NAME]);
  return removed.code === 0;
}
