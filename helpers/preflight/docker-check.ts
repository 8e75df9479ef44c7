import { type CheckResult, fail, ok, warn } from "./check-result";
import { type DockerStatus, engineName, type FailedAttempt } from "./docker-discovery";

export const DOCKER_CHECK = "Docker reachable";

const USE_EXISTING = "or set LAB_CLUSTER=existing to use the cluster of your current KUBECONFIG context";

/** Named by the user (DOCKER_HOST, ~/.testcontainers.properties) rather than found at a well-known path. */
const fromSetting = (attempt: FailedAttempt) =>
  attempt.endpoint.source === "DOCKER_HOST" || attempt.endpoint.source.includes("testcontainers.properties");

function describeAttempt(attempt: FailedAttempt): string {
  const from = fromSetting(attempt) ? ` (${attempt.endpoint.source})` : "";
  return `${attempt.endpoint.uri}${from}: ${attempt.error}`;
}

function unreachable(status: Extract<DockerStatus, { reachable: false }>): CheckResult {
  const tried = status.failed.map(describeAttempt);
  const parts = tried.length > 0 ? [`tried ${tried.join("; ")}`] : ["DOCKER_HOST is not set"];
  if (status.absentSockets.length > 0) parts.push(`no Docker socket at ${status.absentSockets.join(", ")}`);
  const detail = `Docker is not reachable (${parts.join("; ")}). The lab tier starts k3s in Docker.`;

  const codes = new Set(status.failed.map((a) => a.code));
  const context = status.cliContext;
  let fix: string;
  if (codes.has("EACCES")) {
    fix = `Give your user access to the Docker socket (on Linux: sudo usermod -aG docker $USER, then log in again), ${USE_EXISTING}.`;
  } else if (context && !status.failed.some((a) => a.endpoint.uri === context.host)) {
    fix = `Your docker CLI uses context "${context.name}" at ${context.host}, which testcontainers does not read: export DOCKER_HOST=${context.host} and run again, ${USE_EXISTING}.`;
  } else if (status.failed.some(fromSetting)) {
    const setting = status.failed.find(fromSetting)?.endpoint.source ?? "DOCKER_HOST";
    fix = `Start the Docker daemon that ${setting} names, or correct or remove that setting if Docker runs elsewhere, ${USE_EXISTING}.`;
  } else if (codes.has("ECONNREFUSED")) {
    fix = `The Docker socket exists but nothing answers on it, so start Docker (Docker Desktop, or sudo systemctl start docker), ${USE_EXISTING}.`;
  } else {
    fix = `Install Docker Desktop or Docker Engine and start it, ${USE_EXISTING}.`;
  }
  return fail(DOCKER_CHECK, detail, fix);
}

export function checkDockerReachable(status: DockerStatus): CheckResult {
  if (!status.reachable) return unreachable(status);
  const engine = engineName(status);
  const where = `${engine} at ${status.endpoint.uri}`;
  if (status.testcontainers.state === "failed") {
    return fail(
      DOCKER_CHECK,
      `${where} answers, but testcontainers could not set up its client (${status.testcontainers.error}), so the lab tier cannot start k3s.`,
      "Run DEBUG=testcontainers* npm run doctor to see which step of testcontainers' setup fails.",
    );
  }
  const cgroup = status.info.CgroupVersion ? `, cgroup v${status.info.CgroupVersion}` : "";
  if (status.failedBefore.length > 0) {
    return warn(
      DOCKER_CHECK,
      `${where} answers, but ${status.failedBefore.map(describeAttempt).join("; ")}; testcontainers falls back silently, so the suite will use ${status.endpoint.uri}.`,
      "Fix or unset the setting that names the unreachable endpoint, so the suite and your docker CLI use the same daemon.",
    );
  }
  return ok(DOCKER_CHECK, `${where}${cgroup}`);
}
