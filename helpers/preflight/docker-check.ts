import { type CheckResult, fail, ok } from "./check-result";
import { type DockerStatus, engineName } from "./docker-connection";

export const DOCKER_CHECK = "Docker reachable";

const USE_EXISTING = "or set LAB_CLUSTER=existing to use the cluster of your current KUBECONFIG context";

/** The project's own way to start an engine where Docker is installed, or installable, but not running. */
const DOCKER_START =
  "on Debian or Ubuntu as root, npm run docker:start installs Debian's docker.io if needed and starts it";

type Unreachable = Extract<DockerStatus, { reachable: false }>;

function fixFor(status: Unreachable): string {
  const { named, cliContext: context } = status;
  if (status.code === "EACCES") {
    return "Give your user access to the Docker socket (on Linux: sudo usermod -aG docker $USER, then log in again)";
  }
  if (named) {
    const setting = named.source.split(" ")[0];
    return `Start the Docker daemon that ${named.source} names, or correct ${setting} (e.g. unix:///var/run/docker.sock or tcp://host:2376) or remove it to use the default socket`;
  }
  if (context) {
    return `Your docker CLI uses context "${context.name}" at ${context.host}, which testcontainers does not read: export DOCKER_HOST=${context.host} and run again`;
  }
  if (status.code === "ECONNREFUSED") {
    return `The Docker socket exists but nothing answers on it, so start Docker (Docker Desktop, sudo systemctl start docker, or ${DOCKER_START})`;
  }
  if (status.code === "ETIMEDOUT") {
    return "Docker accepted the connection but did not answer, so restart it (Docker Desktop, or sudo systemctl restart docker)";
  }
  return `Install Docker Desktop or Docker Engine and start it (${DOCKER_START})`;
}

function unreachable(status: Unreachable): CheckResult {
  const { named, tried } = status;
  if (status.testcontainersFailed) {
    const at = named ? ` at ${named.uri} (${named.source})` : tried ? ` at ${tried}` : "";
    return fail(
      DOCKER_CHECK,
      `Docker answers${at}, but testcontainers could not set up its client (${status.error}), so the lab tier cannot start k3s.`,
      "Run DEBUG=testcontainers* npm run doctor to see which step of testcontainers' setup fails.",
    );
  }
  const detail = named
    ? `Docker is not reachable at ${named.uri}, which ${named.source} names (${status.error}). The lab tier starts k3s in that Docker, not in another one it could fall back to.`
    : `Docker is not reachable (${tried ? `${tried}: ` : ""}${status.error}). The lab tier starts k3s in Docker.`;
  return fail(DOCKER_CHECK, detail, `${fixFor(status)}, ${USE_EXISTING}.`);
}

export function checkDockerReachable(status: DockerStatus): CheckResult {
  if (!status.reachable) return unreachable(status);
  const from = status.named ? ` (${status.named.source})` : "";
  const cgroup = status.info.CgroupVersion ? `, cgroup v${status.info.CgroupVersion}` : "";
  return ok(DOCKER_CHECK, `${engineName(status)} at ${status.uri}${from}${cgroup}`);
}
