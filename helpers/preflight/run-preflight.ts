import { resolvePins } from "../project/versions";
import { seconds } from "../report/seconds";
import { CGROUP_CHECK, checkCgroup } from "./cgroup-check";
import { type CheckResult, type CheckStatus, fail, firstLine, ok, warn } from "./check-result";
import { type ClusterMode, clusterMode, LAB_CLUSTER_ENV } from "./cluster-mode";
import { checkDiskSpace, DISK_CHECK, measureDisk } from "./disk-check";
import { checkDockerReachable, DOCKER_CHECK } from "./docker-check";
import { connectDocker, type DockerStatus } from "./docker-connection";
import { checkImages, IMAGES_CHECK, registryHost, registryProblem } from "./images-check";
import { checkKitImages, dockerImageKey, KIT_IMAGES_CHECK, readKitImageRecords } from "./kit-images-check";
import { checkKubeconfig, KUBECONFIG_CHECK } from "./kubeconfig-check";
import { checkLabSelection, LAB_SELECTION_CHECK } from "./lab-selection-check";
import { checkNode, currentNodeFacts, NODE_CHECK, type NodeFacts } from "./node-check";
import { PreflightError, preflightParagraph } from "./preflight-error";
import { checkPrivileged, PRIVILEGED_CHECK } from "./privileged-check";
import {
  chooseRunPath,
  daemonPullsThroughItsOwnRoute,
  describeRunPath,
  LAB_KIT_ENV,
  type RunPath,
  RYUK_DISABLED_ENV,
  runPathEnv,
} from "./run-path";
import { settingProblems } from "./settings-check";
import { DeadlineError, withTimeout } from "./with-timeout";

export interface PreflightOptions {
  /** Defaults to process.env. testcontainers, which finds Docker, always reads process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where the kubeconfig and the docker CLI's config are looked for; tests point it into a temp dir. */
  homeDir?: string;
  /** Finds Docker; defaults to connectDocker (testcontainers). Tests pass their own. */
  docker?: () => Promise<DockerStatus>;
  nodeFacts?: NodeFacts;
  /** No check may take longer, so the doctor finishes in about this time even when something hangs. */
  checkTimeoutMs?: number;
  /** Pull missing images (DOCTOR_PULL=1); that check then has no time limit. */
  pull?: boolean;
  tmpDir?: string;
}

interface Check {
  name: string;
  run: () => Promise<CheckResult>;
  /** Pulling images may take minutes; only then is the time limit lifted. */
  unbounded?: boolean;
}

/** testcontainers' own resolution of its reaper's image (it honours RYUK_CONTAINER_IMAGE), so the pin never drifts. */
async function reaperImage(): Promise<string> {
  const { getReaperImage } = await import("testcontainers/build/reaper/reaper");
  return getReaperImage();
}

/** The images Docker itself pulls: k3s, and Ryuk (testcontainers' reaper) unless disabled. */
async function dockerImages(env: NodeJS.ProcessEnv): Promise<string[]> {
  const images = [resolvePins(env).k3sImage];
  if (env[RYUK_DISABLED_ENV] !== "true") images.push(await reaperImage());
  return images;
}

export const RUN_PATH_CHECK = "Run path";

function runPathResult(
  runPath: RunPath | undefined,
  env: NodeJS.ProcessEnv,
  undecided: string | undefined,
): CheckResult {
  if (undecided)
    return fail(
      RUN_PATH_CHECK,
      `Could not decide which cluster and images to run on (${undecided}).`,
      "Run npm run doctor again; if it fails the same way, run it with DEBUG=testcontainers* to see where.",
    );
  if (!runPath) return warn(RUN_PATH_CHECK, "Not decided, because Docker is not reachable.");
  if (runPath.kind !== "no-images") return ok(RUN_PATH_CHECK, describeRunPath(runPath));
  const fix =
    env[LAB_KIT_ENV] === "0"
      ? `Build the offline image kit with npm run kit (about 25 min on 2 CPUs, once; cached after), or unset ${LAB_KIT_ENV} so npm test builds it, or load ${runPath.k3sImage} from a machine that has it (docker save | docker load).`
      : `npm test builds the offline image kit first by itself (about 25 min on 2 CPUs, once; cached after); to build it now: npm run kit. Or load ${runPath.k3sImage} from a machine that has it (docker save | docker load).`;
  return fail(RUN_PATH_CHECK, `${describeRunPath(runPath)}.`, fix);
}

function dockerChecks(
  options: PreflightOptions,
  env: NodeJS.ProcessEnv,
  docker: () => Promise<DockerStatus>,
): Check[] {
  const pull = options.pull ?? env.DOCTOR_PULL === "1";
  return [
    { name: DOCKER_CHECK, run: async () => checkDockerReachable(await docker()) },
    { name: PRIVILEGED_CHECK, run: async () => checkPrivileged(await docker()) },
    {
      name: CGROUP_CHECK,
      run: async () => checkCgroup(await docker(), resolvePins(env).k3sImage),
    },
    { name: DISK_CHECK, run: async () => checkDiskSpace(await measureDisk(await docker(), options.tmpDir)) },
    {
      name: IMAGES_CHECK,
      unbounded: pull,
      run: async () => {
        const status = await docker();
        const images = await dockerImages(env);
        if (!status.reachable)
          return checkImages({ status, images, inspect: async () => false, registryProblem });
        const { ImageName } = await import("testcontainers");
        const { image: client } = status.client;
        return checkImages({
          status,
          images,
          inspect: (image) => client.exists(ImageName.fromString(image)),
          registryProblem: (host) => registryProblem(host),
          ...(pull ? { pull: (image: string) => client.pull(ImageName.fromString(image)) } : {}),
        });
      },
    },
  ];
}

function checksFor(
  mode: ClusterMode,
  options: PreflightOptions,
  env: NodeJS.ProcessEnv,
  docker: () => Promise<DockerStatus>,
): Check[] {
  const node: Check = {
    name: NODE_CHECK,
    run: async () => checkNode(options.nodeFacts ?? currentNodeFacts()),
  };
  const labs: Check = { name: LAB_SELECTION_CHECK, run: async () => checkLabSelection(env) };
  const kit: Check = {
    name: KIT_IMAGES_CHECK,
    run: async () => {
      const records = await readKitImageRecords(env);
      // Without a kit, Docker is not asked (with LAB_CLUSTER=existing there may be none).
      const status = records ? await docker() : undefined;
      return checkKitImages(records, status?.reachable ? dockerImageKey(status.client) : undefined);
    },
  };
  if (mode === "existing") {
    // k3s is not started in Docker in this mode, so those checks are skipped.
    return [node, labs, { name: KUBECONFIG_CHECK, run: () => checkKubeconfig({ env }) }, kit];
  }
  return [node, labs, ...dockerChecks(options, env, docker), kit];
}

async function settle(check: Check, timeoutMs: number): Promise<CheckResult> {
  try {
    return await (check.unbounded ? check.run() : withTimeout(check.run(), timeoutMs));
  } catch (error) {
    if (error instanceof DeadlineError) {
      // Slow is not proof of broken (a registry far away), so this alone does not stop npm test.
      return warn(
        check.name,
        `The check did not finish within ${seconds(timeoutMs)}, so it could not tell.`,
        "Run npm run doctor again; if it hangs again, run it with DEBUG=testcontainers* to see where.",
      );
    }
    return fail(
      check.name,
      `The check itself failed unexpectedly (${firstLine(error)}).`,
      "Report this with the output of npm run doctor; meanwhile the labs may still run.",
    );
  }
}

export interface PreflightOutcome {
  results: CheckResult[];
  /** The road the run takes (undefined when Docker could not be asked). */
  runPath?: RunPath;
  /** What the road sets for the run (K3S_IMAGE, LAB_IMAGES, TESTCONTAINERS_RYUK_DISABLED on the kit's road). */
  pathEnv: Record<string, string>;
  /** Why the road could not be decided although Docker answered. */
  undecided?: string;
}

/** Decides the road first (the checks then look at the images it needs), bounded once Docker answered. */
async function decideRunPath(
  mode: ClusterMode,
  env: NodeJS.ProcessEnv,
  docker: () => Promise<DockerStatus>,
  timeoutMs: number,
): Promise<{ runPath?: RunPath; pathEnv: Record<string, string>; undecided?: string }> {
  if (mode === "existing") return { runPath: { kind: "existing" }, pathEnv: {} };
  const status = await withTimeout(docker(), timeoutMs).catch(() => undefined);
  if (!status?.reachable) return { pathEnv: {} };
  try {
    return await withTimeout(
      (async () => {
        const { ImageName } = await import("testcontainers");
        const hasImage = (image: string) => status.client.image.exists(ImageName.fromString(image));
        const ownRoute = daemonPullsThroughItsOwnRoute(status.info);
        const runPath = await chooseRunPath({
          mode,
          env,
          hasImage,
          registryProblem: async (image) => (ownRoute ? undefined : registryProblem(registryHost(image))),
        });
        return { runPath, pathEnv: runPathEnv(runPath, await hasImage(await reaperImage())) };
      })(),
      timeoutMs,
    );
  } catch (error) {
    return { pathEnv: {}, undecided: firstLine(error) };
  }
}

/** Runs every check that applies to the cluster mode, all at once, and returns their verdicts in a fixed order. */
export async function runPreflight(options: PreflightOptions = {}): Promise<CheckResult[]> {
  return (await preflight(options)).results;
}

/** The checks, and the road the run takes. */
export async function preflight(options: PreflightOptions = {}): Promise<PreflightOutcome> {
  const givenEnv = options.env ?? process.env;
  const choice = clusterMode(givenEnv);
  if ("invalid" in choice) {
    const results = [
      fail(
        "Cluster mode",
        `${LAB_CLUSTER_ENV}=${choice.invalid} is not a cluster mode the suite knows.`,
        `Unset ${LAB_CLUSTER_ENV} to let the suite start k3s in Docker, or set ${LAB_CLUSTER_ENV}=existing to use the cluster of your current KUBECONFIG context.`,
      ),
    ];
    return { results, pathEnv: {} };
  }
  // Settings first: a refused one stops the doctor here, before Docker or a cluster is asked anything.
  const settings = settingProblems(givenEnv, choice.mode);
  if (settings.some((r) => r.status === "fail")) return { results: settings, pathEnv: {} };
  const timeoutMs = options.checkTimeoutMs ?? 12_000;
  const connect =
    options.docker ??
    (() => connectDocker({ env: givenEnv, ...(options.homeDir ? { homeDir: options.homeDir } : {}) }));
  let connection: Promise<DockerStatus> | undefined;
  // One connection shared by every check that asks Docker, made by whichever asks first.
  const docker = () => {
    connection ??= connect();
    return connection;
  };
  const { runPath, pathEnv, undecided } = await decideRunPath(choice.mode, givenEnv, docker, timeoutMs);
  const env = { ...givenEnv, ...pathEnv };
  const checks = checksFor(choice.mode, options, env, docker);
  if (choice.mode === "docker")
    checks.push({ name: RUN_PATH_CHECK, run: async () => runPathResult(runPath, env, undecided) });
  const results = [...settings, ...(await Promise.all(checks.map((check) => settle(check, timeoutMs))))];
  return { results, runPath, pathEnv, ...(undecided ? { undecided } : {}) };
}

export const failedChecks = (results: readonly CheckResult[]) => results.filter((r) => r.status === "fail");

const LABEL: Record<CheckStatus, string> = { ok: "OK  ", warn: "WARN", fail: "FAIL" };

/** One line per check, a fix line under each warning or failure, and a closing paragraph. */
export function formatResults(results: readonly CheckResult[]): string {
  const lines = results.flatMap((r) => {
    const head =
      r.status === "ok" ? `${LABEL.ok} ${r.name} (${r.detail})` : `${LABEL[r.status]} ${r.name}: ${r.detail}`;
    return r.fix ? [head, `     fix: ${r.fix}`] : [head];
  });
  const failed = failedChecks(results);
  const warned = results.filter((r) => r.status === "warn").length;
  const closing =
    failed.length > 0
      ? preflightParagraph(failed)
      : `Ready: the lab tier can start${warned > 0 ? ` (${warned} warning${warned === 1 ? "" : "s"} above)` : ""}.`;
  return `${lines.join("\n")}\n\n${closing}\n`;
}

/** For the lab tier's setup: runs the preflight and throws one PreflightError naming every failure. */
export async function assertPreflight(options: PreflightOptions = {}): Promise<PreflightOutcome> {
  const outcome = await preflight(options);
  const failed = failedChecks(outcome.results);
  if (failed.length > 0) throw new PreflightError(failed);
  return outcome;
}
