/**
 * Runs before npm test (pretest, ahead of the doctor): makes the default road ready on a machine like
 * this project's, so that `npm ci && npm test` is all a first-time user types, and says what it does.
 * - No Docker engine answers, and npm run docker:start can start one (root, Debian's docker.io): it does.
 * - No k3s image here, no registry answers, and no kit built: it builds the offline image kit. Where the
 *   kit is the road, it brings it up to date. LAB_KIT=0: neither; the doctor says what is missing.
 * Everything else is the doctor's to judge; this never fails for what it did not try.
 */
import { spawn } from "node:child_process";
import { clusterMode } from "../../helpers/preflight/cluster-mode.ts";
import { registryHost, registryProblem } from "../../helpers/preflight/images-check.ts";
import {
  chooseRunPath,
  daemonPullsThroughItsOwnRoute,
  LAB_KIT_ENV,
  type RunPath,
} from "../../helpers/preflight/run-path.ts";
import { PROJECT_ROOT } from "../../helpers/project/paths.ts";
import { DOCKER_SOCKET, dockerAnswers } from "../src/docker-engine.ts";
import { aptInstall, onPath, run } from "../src/run.ts";

const say = (line: string) => console.error(`[prepare] ${line}`);

/** An npm script with the person's terminal, so its own progress lines show; resolves to its exit code. */
function npmScript(script: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "-s", script], { cwd: PROJECT_ROOT, stdio: "inherit" });
    child.on("close", (code) => resolve(code ?? 1));
    child.on("error", () => resolve(1));
  });
}

const isRoot = () => process.getuid?.() === 0;

/** docker:start can start an engine only as root, with dockerd installed or apt-get to install it. */
async function startDockerIfPossible(): Promise<boolean> {
  if (process.env.DOCKER_HOST?.trim()) return true; // a Docker the person named: the doctor asks it
  if (await dockerAnswers()) return true;
  if (!isRoot() || !((await onPath("dockerd")) || (await onPath("apt-get")))) return false;
  say(
    `No Docker engine answers on ${DOCKER_SOCKET}. Starting one with npm run docker:start (root on Debian: it installs Debian's docker.io where missing, then starts dockerd)…`,
  );
  return (await npmScript("docker:start")) === 0;
}

async function roadToTake(): Promise<RunPath> {
  const info = await run(["docker", "info", "--format", "{{json .}}"]);
  const ownRoute = info.code === 0 && daemonPullsThroughItsOwnRoute(JSON.parse(info.stdout));
  return chooseRunPath({
    mode: "docker",
    env: process.env,
    hasImage: async (image) =>
      (await run(["docker", "image", "inspect", "--format", "{{.Id}}", image])).code === 0,
    registryProblem: async (image) => (ownRoute ? undefined : registryProblem(registryHost(image))),
  });
}

async function buildKit(road: RunPath): Promise<number> {
  if (road.kind === "no-images") {
    say(
      `${road.why}, and no offline image kit is built here. Building the kit first: every image a run needs, ` +
        "from Go modules and Debian's packages, about 25 min on 2 CPUs (longer while Go downloads its modules the first time), " +
        `once: later runs reuse it in seconds. ${LAB_KIT_ENV}=0 skips this and stops with the doctor's explanation instead.`,
    );
  } else {
    say(
      "The offline kit is the road: checking that its images match this checkout (npm run kit; seconds when nothing changed)…",
    );
  }
  if (!(await onPath("mmdebstrap")) && isRoot() && (await onPath("apt-get"))) {
    say("Installing Debian's mmdebstrap (the kit makes its root filesystems with it)…");
    await aptInstall(["mmdebstrap"]);
  }
  return npmScript("kit");
}

async function main(): Promise<number> {
  const mode = clusterMode();
  if (!("mode" in mode) || mode.mode !== "docker") return 0;
  if (!(await startDockerIfPossible())) return 0;
  if (process.env.DOCKER_HOST?.trim()) return 0;
  const road = await roadToTake();
  const kitRoad = road.kind === "kit-node" && road.chosen === "automatically";
  if (!kitRoad && road.kind !== "no-images") return 0;
  if (process.env[LAB_KIT_ENV] === "0") return 0;
  return buildKit(road);
}

process.exitCode = await main().catch((error: unknown) => {
  say(
    `could not prepare the road (${error instanceof Error ? error.message : String(error)}); the doctor will say what is missing.`,
  );
  return 0;
});
