import { describe, expect, it } from "vitest";
import { environmentProperties } from "./allure-environment";
import { hostAddressFromEtcHosts } from "./boot-k3s";
import type { ClusterInfo } from "./cluster-info";
import { gitHostForPods } from "./existing-environment";
import { repositorySecret } from "./git-connectivity";
import { keepClusterMessage } from "./global-setup";
import { containerKubectlCommand, kubectlDisplay } from "./kubectl";
import { ARGOCD_NODE_PORT, k3sServerCommand, LabK3sContainer } from "./lab-k3s-container";
import { describeLeftovers } from "./run-containers";
import { explainStartFailure } from "./start-errors";

const info: ClusterInfo = {
  mode: "k3s",
  road: {
    kind: "k3s",
    description:
      "cluster: k3s (rancher/k3s:v1.36.2-k3s1) in Docker, started by testcontainers; images: upstream's",
  },
  runId: "ab12cd34",
  owner: "laptop/4242",
  kubeconfig: "apiVersion: v1",
  kubeconfigPath: "/tmp/gitops-conformance-ab12cd34/kubeconfig.yaml",
  workDir: "/tmp/gitops-conformance-ab12cd34",
  k3sContainerId: "0123456789abcdef0123",
  argoCd: {
    url: "http://127.0.0.1:32768",
    namespace: "argocd",
    adminUsername: "admin",
    adminPassword: "pw-123456",
  },
  git: {
    root: "/tmp/git",
    hostUrl: "http://127.0.0.1:4000",
    clusterUrl: "http://172.18.0.3:4000",
    username: "u",
    password: "p",
  },
  seedImage: "grade-submission-api:1a2b",
  versions: { kubernetes: "v1.36.2+k3s1", argoCd: "v3.5.1+109ca7c", rollouts: "v1.9.1" },
  setup: { startedAt: "2026-11-26T00:00:00Z", journal: [] },
};

describe("the k3s container request", () => {
  it("runs k3s with none of its packaged components but CoreDNS, adding the cgroup v1 kubelet flag only when needed", () => {
    expect(k3sServerCommand(false)).toEqual([
      "server",
      "--disable=traefik",
      "--disable=metrics-server",
      "--disable=local-storage",
      "--disable=servicelb",
    ]);
    expect(k3sServerCommand(true)).toContain("--kubelet-arg=fail-cgroupv1=false");
  });

  it("labels the container with the run, publishes Argo CD's port, and binds published ports to loopback", async () => {
    const container = new LabK3sContainer({
      image: "rancher/k3s:v1.36.2-k3s1",
      runId: "ab12cd34",
      runLabel: "io.gitops-conformance.run-id",
      cgroupV1: false,
      bindAddress: "127.0.0.1",
    });
    // The create request as testcontainers would send it (no Docker needed to build it).
    await (container as unknown as { beforeContainerCreated(): Promise<void> }).beforeContainerCreated();
    const request = container as unknown as {
      createOpts: { Cmd: string[]; Labels: Record<string, string> };
      hostConfig: { Privileged: boolean; PortBindings: Record<string, { HostIp?: string }[]> };
    };
    expect(request.createOpts.Cmd).toEqual(k3sServerCommand(false));
    expect(request.createOpts.Labels["io.gitops-conformance.run-id"]).toBe("ab12cd34");
    expect(request.hostConfig.Privileged).toBe(true);
    expect(Object.keys(request.hostConfig.PortBindings)).toEqual(
      expect.arrayContaining(["6443/tcp", `${ARGOCD_NODE_PORT}/tcp`]),
    );
    const hostIps = Object.values(request.hostConfig.PortBindings).flatMap((b) => b.map((x) => x.HostIp));
    expect(new Set(hostIps)).toEqual(new Set(["127.0.0.1"]));
  });
});

describe("KEEP_CLUSTER=1", () => {
  it("leaves the k3s container out of testcontainers' session, so Ryuk does not remove it after the run", () => {
    const options = { image: "rancher/k3s:v1.36.2-k3s1", runId: "ab12cd34", runLabel: "l", cgroupV1: false };
    const autoCleanup = (c: LabK3sContainer) => (c as unknown as { autoCleanup: boolean }).autoCleanup;
    expect(autoCleanup(new LabK3sContainer(options))).toBe(true);
    expect(autoCleanup(new LabK3sContainer({ ...options, keep: true }))).toBe(false);
  });
});

describe("reaching the Git server from pods", () => {
  it("reads the forwarder's address from the k3s container's /etc/hosts", () => {
    const hosts =
      "127.0.0.1\tlocalhost\n# comment host.testcontainers.internal\n172.18.0.3\thost.testcontainers.internal\n";
    expect(hostAddressFromEtcHosts(hosts)).toBe("172.18.0.3");
    expect(hostAddressFromEtcHosts("127.0.0.1 localhost\n")).toBeUndefined();
  });

  it("gives pods of an existing cluster an address they can dial, not the wildcard the server listens on", () => {
    expect(gitHostForPods("172.17.0.1")).toBe("172.17.0.1");
    expect(gitHostForPods("0.0.0.0")).toBe("host.docker.internal");
    expect(gitHostForPods("fd00::1")).toBe("[fd00::1]");
  });

  it("registers a lab repo with Argo CD as a repository Secret", () => {
    expect(
      repositorySecret({
        name: "repo-t01",
        url: "http://172.18.0.3:4000/t01-gitops.git",
        username: "u",
        password: "p",
      }),
    ).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: {
        name: "repo-t01",
        namespace: "argocd",
        labels: { "argocd.argoproj.io/secret-type": "repository" },
      },
      stringData: { type: "git", url: "http://172.18.0.3:4000/t01-gitops.git", username: "u", password: "p" },
    });
  });
});

describe("kubectl as the course types it", () => {
  it("shows the command line a person would type, environment first", () => {
    expect(kubectlDisplay(["-n", "t01", "scale", "deployment", "x", "--replicas=3"])).toBe(
      "kubectl -n t01 scale deployment x --replicas=3",
    );
    expect(kubectlDisplay(["edit", "deployment", "x"], { KUBE_EDITOR: "sed -i 's|a|b|'" })).toBe(
      "KUBE_EDITOR='sed -i '\\''s|a|b|'\\''' kubectl edit deployment x",
    );
  });

  it("feeds stdin through an environment variable inside the container (exec has no stdin)", () => {
    expect(containerKubectlCommand(["apply", "-f", "-"], true)).toEqual([
      "sh",
      "-c",
      `printf '%s' "$LAB_KUBECTL_STDIN" | kubectl apply -f -`,
    ]);
    expect(containerKubectlCommand(["get", "pods"], false)).toEqual(["sh", "-c", "kubectl get pods"]);
  });
});

describe("what a person is told", () => {
  it("explains an image that cannot be pulled, a port in use, and a refused privileged container", () => {
    const pull = explainStartFailure(
      "rancher/k3s:v1.36.2-k3s1",
      new Error("(HTTP code 404) no such image - x"),
    );
    expect(pull.message).toMatch(/^Infrastructure: The image rancher\/k3s:v1\.36\.2-k3s1 cannot be pulled/);
    expect(pull.message).toContain("docker pull rancher/k3s:v1.36.2-k3s1");
    expect(
      explainStartFailure("i", new Error("Bind for 0.0.0.0:30080 failed: port is already allocated")).message,
    ).toContain("A port the cluster needs is already in use");
    expect(
      explainStartFailure("i", new Error("privileged mode is incompatible with user namespaces")).message,
    ).toContain("The cluster's node needs privileged mode");
    for (const e of [pull]) expect(e.message).not.toContain("\n");
  });

  it("says how to reach a kept cluster", () => {
    const text = keepClusterMessage(info);
    expect(text).toContain("export KUBECONFIG=/tmp/gitops-conformance-ab12cd34/kubeconfig.yaml");
    expect(text).toContain("http://127.0.0.1:32768");
    expect(text).toContain("docker rm -f -v 0123456789ab");
    expect(text.includes("pw-123456")).toBe(false);
  });

  it("says how to reach a kept existing cluster's Argo CD, whose port-forward ended with the run", () => {
    const text = keepClusterMessage({ ...info, mode: "existing", k3sContainerId: undefined });
    expect(text).toContain(
      "kubectl -n argocd port-forward svc/argocd-server 8080:80, then http://127.0.0.1:8080",
    );
    expect(text).not.toContain("http://127.0.0.1:32768");
    expect(text).not.toContain("docker rm");
  });

  it("accounts for what the run left behind", () => {
    expect(describeLeftovers({ containers: [], networks: [] })).toBe(
      "no containers or networks of this run were left behind",
    );
    expect(describeLeftovers({ containers: ["k3s (rancher/k3s, exited)"], networks: [] })).toBe(
      "removed 1 container(s) and 0 network(s) this run had created: k3s (rancher/k3s, exited)",
    );
  });

  it("fills the report's Environment panel with what was running, under keys the properties format allows", () => {
    const text = environmentProperties(info, new Date("2026-11-26T10:00:00Z"), {});
    const lines = text.trimEnd().split("\n");
    // A key ends at the first unescaped space, '=' or ':': one word each, so no value is lost.
    expect(lines.filter((l) => !/^[\w.-]+=/.test(l))).toEqual([]);
    expect(lines).toContain("argocd.version=v3.5.1+109ca7c");
    expect(lines).toContain("argo-rollouts.version=v1.9.1");
    expect(lines).toContain("kubernetes.version=v1.36.2+k3s1");
    expect(lines).toContain("images=upstream's, from their registries");
    expect(lines).toContain("date=2026-11-26T10\\:00\\:00.000Z");
  });

  it("says on the kit's road that the images are the kit's, with where their differences are listed", () => {
    const kit = { ...info, road: { kind: "kit-node" as const, description: "the kit node" } };
    const env = { GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "o/r", GITHUB_SHA: "abc" };
    expect(environmentProperties(kit, new Date(), env)).toContain(
      "images=the offline kit's, built here from Go modules and Debian packages, not upstream's (differences\\: https\\://github.com/o/r/blob/abc/kit/README.md#what-it-builds)",
    );
  });
});
