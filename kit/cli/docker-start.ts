/**
 * npm run docker:start: starts a Docker engine where none runs (machines whose
 * image ships Debian's docker.io but no running dockerd). Where Docker already
 * answers, it changes nothing.
 */
import { spawn } from "node:child_process";
import { existsSync, openSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { seconds } from "../../helpers/report/seconds.ts";
import { expectation, fail, pass, pending } from "../../helpers/wait/expectation.ts";
import { poll } from "../../helpers/wait/wait-until.ts";
import { DOCKER_SOCKET, dockerAnswers, planEngine, writeEngineFiles } from "../src/docker-engine.ts";
import { aptInstall, onPath } from "../src/run.ts";

function stop(paragraph: string): never {
  console.error(paragraph);
  process.exit(1);
}

async function installEngine(): Promise<void> {
  if (process.getuid?.() !== 0) {
    stop(
      "No Docker engine runs here and dockerd is not installed. Install Docker (on Debian or Ubuntu: sudo apt-get install docker.io jq; " +
        "elsewhere Docker Desktop or Docker Engine), start it, and run npm run doctor again.",
    );
  }
  console.log("docker:start: installing Debian's docker.io and jq (apt-get)…");
  const install = await aptInstall(["docker.io", "jq"]);
  if (install.code !== 0) {
    stop(
      `Installing docker.io with apt-get failed (${install.stderr.trim().split("\n").at(-1)}). ` +
        "Check that apt can reach Debian's packages, or install Docker yourself, then run npm run docker:start again.",
    );
  }
}

async function main(): Promise<void> {
  if (await dockerAnswers()) {
    console.log(`docker:start: a Docker engine already answers on ${DOCKER_SOCKET}; nothing changed.`);
    return;
  }
  if (!((await onPath("dockerd")) && (await onPath("jq")))) await installEngine();
  if (existsSync(DOCKER_SOCKET) && process.getuid?.() !== 0) {
    stop(
      `${DOCKER_SOCKET} exists but the engine behind it does not answer to this user. Start Docker (sudo systemctl start docker, ` +
        "or Docker Desktop), or add yourself to the docker group, then run npm run doctor again.",
    );
  }
  const plan = await planEngine();
  await writeEngineFiles(plan);
  if (plan.wrapper) {
    console.log(
      `docker:start: this machine cannot grant ${plan.wrapper.dropped.join(", ")}; privileged containers run through ${plan.wrapper.path}, which drops it from their spec.`,
    );
  }
  const log = openSync(plan.logFile, "a");
  const dockerd = spawn(plan.dockerd, ["--config-file", plan.configFile], {
    detached: true,
    stdio: ["ignore", log, log],
  });
  let exited: number | null = null;
  dockerd.on("exit", (code) => {
    exited = code ?? 1;
  });
  dockerd.unref();
  const started = performance.now();
  try {
    await poll(
      expectation(`dockerd answers on ${DOCKER_SOCKET}`, async () => {
        if (exited !== null) return fail(`dockerd exited with ${exited}`);
        return (await dockerAnswers()) ? pass("answers /_ping") : pending("no answer yet");
      }),
      60_000,
    );
  } catch (error) {
    const tail = (await readFile(plan.logFile, "utf8").catch(() => ""))
      .trim()
      .split("\n")
      .slice(-8)
      .join("\n");
    stop(
      `dockerd did not start: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}. Its log (${plan.logFile}) ends with:\n${tail}`,
    );
  }
  console.log(
    `docker:start: dockerd (pid ${dockerd.pid}) answers on ${DOCKER_SOCKET} after ${seconds(performance.now() - started)}; log in ${plan.logFile}.`,
  );
  process.exit(0);
}

await main();
