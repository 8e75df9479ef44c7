import { type CheckResult, ok, warn } from "./check-result";
import type { DockerStatus } from "./docker-connection";

export const CGROUP_CHECK = "cgroup version";

/**
 * Kubernetes 1.35 made the kubelet refuse cgroup v1 hosts (failCgroupV1
 * defaults to true). k3s shares the host's cgroups (the k3s container runs
 * with cgroupns=host), so on a v1 Docker host it needs this argument.
 */
export const K3S_CGROUP_V1_KUBELET_ARG = "--kubelet-arg=fail-cgroupv1=false";

/** The Kubernetes minor of a rancher/k3s tag like v1.36.2-k3s1, if it has one. */
export function k3sKubernetesMinor(image: string): number | undefined {
  const tag = image.slice(image.lastIndexOf(":") + 1);
  const match = /^v1\.(\d+)\./.exec(tag);
  return match ? Number(match[1]) : undefined;
}

/**
 * On a cgroup v1 host the suite starts k3s with K3S_CGROUP_V1_KUBELET_ARG
 * (k3sServerCommand in helpers/cluster, which the preflight does not import:
 * a self-test holds the two together), so v1 is fine for any k3s.
 */
export function checkCgroup(status: DockerStatus, k3sImage: string): CheckResult {
  if (!status.reachable) return warn(CGROUP_CHECK, "Not checked, because Docker is not reachable.");
  const version = status.info.CgroupVersion;
  const driver = status.info.CgroupDriver ? `, ${status.info.CgroupDriver} driver` : "";
  if (version === "2") return ok(CGROUP_CHECK, `v2${driver}`);
  if (version === "1") {
    const minor = k3sKubernetesMinor(k3sImage);
    if (minor !== undefined && minor < 35) {
      return ok(CGROUP_CHECK, `v1${driver}; ${k3sImage} (Kubernetes 1.${minor}) still accepts it`);
    }
    return ok(
      CGROUP_CHECK,
      `v1${driver}; the suite starts k3s with ${K3S_CGROUP_V1_KUBELET_ARG}, which Kubernetes 1.35+ needs there`,
    );
  }
  return warn(
    CGROUP_CHECK,
    `The daemon did not say which cgroup version it uses (CgroupVersion is ${version === undefined ? "missing" : `"${version}"`}; Docker reports it since API 1.40).`,
    "Update Docker to a current release, or check with: stat -fc %T /sys/fs/cgroup (cgroup2fs means v2) on the Docker host.",
  );
}
