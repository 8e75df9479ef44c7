import { describe, expect, it } from "vitest";
import { k3sServerCommand } from "../cluster/lab-k3s-container";
import { CGROUP_CHECK, checkCgroup, K3S_CGROUP_V1_KUBELET_ARG, k3sKubernetesMinor } from "./cgroup-check";
import type { DockerStatus } from "./docker-connection";
import { daemonStatus as daemon } from "./fake-docker-api";
import { checkPrivileged, securityOptionNames } from "./privileged-check";

const unreachable: DockerStatus = { reachable: false, error: "connect ENOENT /var/run/docker.sock" };
const podman = { Components: [{ Name: "Podman Engine", Version: "5.4.0" }] };

describe("Privileged containers", () => {
  it("reads the names of the daemon's security options", () => {
    expect(securityOptionNames(["name=seccomp,profile=builtin", "name=rootless", "name=cgroupns"])).toEqual([
      "seccomp",
      "rootless",
      "cgroupns",
    ]);
    expect(securityOptionNames(null)).toEqual([]);
  });

  it("passes on rootful Docker without userns-remap or authorization plugins", () => {
    const result = checkPrivileged(
      daemon({ SecurityOptions: ["name=seccomp,profile=builtin", "name=cgroupns"] }),
    );
    expect(result).toMatchObject({
      status: "ok",
      detail: "rootful Docker, no userns-remap, no authorization plugin",
    });
  });

  it("fails under userns-remap, which refuses privileged containers, and says how to turn it off", () => {
    const result = checkPrivileged(
      daemon({ SecurityOptions: ["name=seccomp,profile=builtin", "name=userns"] }),
    );
    expect(result.status).toBe("fail");
    expect(result.detail).toContain("privileged mode is incompatible with user namespaces");
    expect(result.fix).toContain('Remove "userns-remap"');
  });

  it("warns on rootless Docker and rootless Podman, naming which one", () => {
    const docker = checkPrivileged(
      daemon({ SecurityOptions: ["name=seccomp,profile=builtin", "name=rootless"] }),
    );
    expect(docker.status).toBe("warn");
    expect(docker.detail).toMatch(/^Docker runs rootless/);
    expect(docker.fix).toContain("rootlesscontaine.rs");
    const pod = checkPrivileged(daemon({ SecurityOptions: ["name=rootless"] }, podman));
    expect(pod.status).toBe("warn");
    expect(pod.detail).toMatch(/^Podman runs rootless/);
    expect(pod.fix).toContain("podman machine set --rootful");
  });

  it("warns when sysbox or an authorization plugin may confine or refuse privileged containers", () => {
    expect(checkPrivileged(daemon({ DefaultRuntime: "sysbox-runc" }))).toMatchObject({ status: "warn" });
    const authz = checkPrivileged(daemon({ Plugins: { Authorization: ["opa-docker-authz"] } }));
    expect(authz.status).toBe("warn");
    expect(authz.detail).toContain("opa-docker-authz");
  });

  it("says it did not check when Docker is not reachable", () => {
    expect(checkPrivileged(unreachable)).toMatchObject({
      status: "warn",
      detail: "Not checked, because Docker is not reachable.",
    });
  });
});

describe("cgroup version", () => {
  it("reads the Kubernetes minor from a k3s tag", () => {
    expect(k3sKubernetesMinor("rancher/k3s:v1.36.2-k3s1")).toBe(36);
    expect(k3sKubernetesMinor("registry.local:5000/rancher/k3s:v1.34.1-k3s1")).toBe(34);
    expect(k3sKubernetesMinor("rancher/k3s:latest")).toBeUndefined();
  });

  it("passes on cgroup v2", () => {
    expect(
      checkCgroup(daemon({ CgroupVersion: "2", CgroupDriver: "systemd" }), "rancher/k3s:v1.36.2-k3s1"),
    ).toEqual({
      name: CGROUP_CHECK,
      status: "ok",
      detail: "v2, systemd driver",
    });
  });

  it("accepts cgroup v1 for k3s 1.35 and later because the suite passes the kubelet flag", () => {
    const v1 = daemon({ CgroupVersion: "1", CgroupDriver: "cgroupfs" });
    // What the verdict relies on: the lab tier's k3s command on a cgroup v1 host.
    expect(k3sServerCommand(true)).toContain(K3S_CGROUP_V1_KUBELET_ARG);
    expect(checkCgroup(v1, "rancher/k3s:v1.36.2-k3s1")).toEqual({
      name: CGROUP_CHECK,
      status: "ok",
      detail: `v1, cgroupfs driver; the suite starts k3s with ${K3S_CGROUP_V1_KUBELET_ARG}, which Kubernetes 1.35+ needs there`,
    });
  });

  it("accepts cgroup v1 for a k3s older than 1.35", () => {
    expect(checkCgroup(daemon({ CgroupVersion: "1" }), "rancher/k3s:v1.34.1-k3s1").status).toBe("ok");
  });

  it("warns when the daemon does not report its cgroup version", () => {
    expect(checkCgroup(daemon({}), "rancher/k3s:v1.36.2-k3s1").detail).toContain("CgroupVersion is missing");
    expect(checkCgroup(unreachable, "rancher/k3s:v1.36.2-k3s1").status).toBe("warn");
  });
});
