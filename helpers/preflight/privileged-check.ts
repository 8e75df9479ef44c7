import { type CheckResult, fail, ok, warn } from "./check-result";
import { type DockerStatus, isPodman } from "./docker-connection";

export const PRIVILEGED_CHECK = "Privileged containers";

const NOT_CHECKED = "Not checked, because Docker is not reachable.";
const OR_EXISTING = "or set LAB_CLUSTER=existing to use the cluster of your current KUBECONFIG context";

/** "name=seccomp,profile=builtin" -> "seccomp": the names of the daemon's security options. */
export function securityOptionNames(options: readonly string[] | null | undefined): string[] {
  return (options ?? []).flatMap((option) =>
    option
      .split(",")
      .filter((kv) => kv.startsWith("name="))
      .map((kv) => kv.slice("name=".length)),
  );
}

/**
 * k3s runs as a privileged container. Whether the daemon allows that follows
 * from its info: userns-remap refuses it outright, rootless engines allow it
 * but without real root (k3s then depends on cgroup delegation), sysbox and
 * authorization plugins may refuse or confine it. Only creating a container
 * would tell for sure, and the doctor does not create containers.
 */
export function checkPrivileged(status: DockerStatus): CheckResult {
  if (!status.reachable) return warn(PRIVILEGED_CHECK, NOT_CHECKED);
  const names = securityOptionNames(status.info.SecurityOptions);
  const engine = isPodman(status) ? "Podman" : "Docker";

  if (names.includes("userns")) {
    return fail(
      PRIVILEGED_CHECK,
      `${engine} runs with userns-remap, and then refuses privileged containers ("privileged mode is incompatible with user namespaces") unless they use the host's user namespace, which the k3s container does not.`,
      `Remove "userns-remap" from the daemon's daemon.json and restart it, ${OR_EXISTING}.`,
    );
  }
  if (names.includes("rootless")) {
    return warn(
      PRIVILEGED_CHECK,
      `${engine} runs rootless, so the privileged k3s container gets only your user's privileges; k3s then starts only with cgroup v2 and the cpu, cpuset, io, memory and pids controllers delegated to your user, and may fail otherwise.`,
      engine === "Podman"
        ? `Use rootful Podman (podman machine set --rootful, or the root socket as DOCKER_HOST) with TESTCONTAINERS_RYUK_PRIVILEGED=true, ${OR_EXISTING}.`
        : `Use rootful Docker, or delegate those controllers to your user (see https://rootlesscontaine.rs/getting-started/common/cgroup2/), ${OR_EXISTING}.`,
    );
  }
  if (/sysbox/i.test(status.info.DefaultRuntime ?? "")) {
    return warn(
      PRIVILEGED_CHECK,
      `${engine}'s default runtime is ${status.info.DefaultRuntime} (Docker Desktop's Enhanced Container Isolation uses it), which confines privileged containers, so k3s may not start.`,
      `Turn off Enhanced Container Isolation in Docker Desktop's settings, ${OR_EXISTING}.`,
    );
  }
  const authz = status.info.Plugins?.Authorization ?? [];
  if (authz.length > 0) {
    return warn(
      PRIVILEGED_CHECK,
      `${engine} has the authorization plugin ${authz.join(", ")}, which may refuse privileged containers; only creating one would tell, and the doctor does not.`,
      `If the lab tier then fails to create the k3s container, ask the Docker host's admin to allow privileged containers, ${OR_EXISTING}.`,
    );
  }
  return ok(PRIVILEGED_CHECK, `rootful ${engine}, no userns-remap, no authorization plugin`);
}
