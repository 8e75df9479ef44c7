/**
 * npm run kit:cluster -- start | env | stop
 *
 * The kit's single-node cluster (upstream Kubernetes on the kit's images),
 * for running the labs with LAB_CLUSTER=existing where no k3s image can be
 * had. `start` boots it and prints the variables the labs need; `env` prints
 * them again; `stop` removes it with its volumes.
 */

import { existsSync } from "node:fs";
import { mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { kitCacheDir, PROJECT_ROOT } from "../../helpers/project/paths.ts";
import { KIT_NODE_NAME, startKitNode, stopKitNode } from "../src/kit-node.ts";
import { runOrThrow } from "../src/run.ts";

const cacheDir = kitCacheDir();
const envFile = path.join(cacheDir, "kit-node.env");

function stop(paragraph: string): never {
  console.error(paragraph);
  process.exit(1);
}

/** kubectl on this machine: the node's own multi-call binary, called as kubectl. */
async function installHostKubectl(): Promise<string> {
  const bin = path.join(cacheDir, "host-bin");
  await mkdir(bin, { recursive: true });
  await runOrThrow([
    "docker",
    "cp",
    "-L",
    `${KIT_NODE_NAME}:/usr/local/bin/kube-node`,
    path.join(bin, "kube-node"),
  ]);
  await rm(path.join(bin, "kubectl"), { force: true });
  await symlink("kube-node", path.join(bin, "kubectl"));
  return bin;
}

async function start(): Promise<void> {
  const imagesFolder = path.join(cacheDir, "images");
  if (!existsSync(imagesFolder)) stop(`No air-gap folder at ${imagesFolder}: run npm run kit first.`);
  const node = await startKitNode({
    imagesFolder,
    workDir: cacheDir,
    say: (line) => console.error(`[kit:cluster] ${line}`),
  });
  const bin = await installHostKubectl();
  const kc = new KubeConfig();
  kc.loadFromFile(node.kubeconfigPath);
  const lines = [
    `export KUBECONFIG=${node.kubeconfigPath}`,
    `export PATH=${bin}:$PATH`,
    "export LAB_CLUSTER=existing",
    // The yes LAB_CLUSTER=existing needs: this node is a cluster for tests.
    `export LAB_EXISTING_CONTEXT=${kc.getCurrentContext()}`,
    `export LAB_GIT_BIND_ADDRESS=${node.hostAddressForPods}`,
    `export LAB_IMAGE_IMPORT_COMMAND="${path.join(PROJECT_ROOT, "kit/bin/kit-node-import")} {image}"`,
  ];
  await writeFile(envFile, `${lines.join("\n")}\n`);
  console.error(
    `[kit:cluster] Kubernetes ${node.kubernetesVersion} ready. Run the labs on it with:\n  eval "$(npm run -s kit:cluster -- env)" && npm test`,
  );
  console.log(lines.join("\n"));
}

async function main(): Promise<void> {
  const command = process.argv[2] ?? "start";
  if (command === "start") return start();
  if (command === "env") {
    if (!existsSync(envFile)) stop("No kit node has been started: npm run kit:cluster -- start");
    process.stdout.write(await readFile(envFile, "utf8"));
    return;
  }
  if (command === "stop") {
    const removed = await stopKitNode();
    await rm(envFile, { force: true });
    console.error(
      removed
        ? `[kit:cluster] removed ${KIT_NODE_NAME} and its volumes`
        : "[kit:cluster] no kit node was running",
    );
    return;
  }
  stop(`Unknown command "${command}". Use: npm run kit:cluster -- start | env | stop`);
}

await main().catch((error: unknown) =>
  stop(`kit:cluster: ${error instanceof Error ? error.message : String(error)}`),
);
