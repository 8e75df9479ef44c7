import { describe, expect, it } from "vitest";
import { COURSE_ACTION_IMAGES, DEFAULT_PINS, KIT_NODE_IMAGE } from "../../helpers/project/versions.ts";
import { imageKey, importChanges } from "./image-build.ts";
import { goPrograms, type KitInputs, kitRecipes } from "./image-list.ts";
import { argoCdImages, pinnedModuleManifest, requiredVersion, toolVersions } from "./kit-inputs.ts";
import { kitLabels } from "./labels.ts";

const inputs: KitInputs = {
  argoCdVersion: "v3.6.1",
  rolloutsVersion: "v1.9.1",
  appBaseImage: "node:24-alpine",
  argoCdManifestImages: [
    "public.ecr.aws/docker/library/redis:8.10.1-alpine",
    "quay.io/argoproj/argocd:v3.6.1",
  ],
  rolloutsImage: "quay.io/argoproj/argo-rollouts:v1.9.1",
  argoCdTools: { helm: "v4.3.1", kustomize: "v5.8.3" },
  etcdVersion: "v3.6.8",
  nodeVersion: "24.21.0",
  origins: {
    // As the proxy serves them: Argo CD v3.6.1's .info names no commit, Rollouts v1.9.1's does.
    argoCd: {
      module: "github.com/argoproj/argo-cd/v3",
      version: "v3.6.1",
      time: "2026-11-04T13:21:06Z",
      sum: "h1:OmhqeKiR3C//awbFrhQqFdtRI+Qiv17j8vqm3UkMj/g=",
    },
    rollouts: {
      module: "github.com/argoproj/argo-rollouts",
      version: "v1.9.1",
      time: "2026-07-06T13:57:05Z",
      commit: "b6bd3bcf8f60d717a98763d26acc983db7f97cb0",
      sum: "h1:+oZciUkeJYVb1vPMOhat4JQlk525j/aT2yizEkVkjLs=",
    },
  },
};

describe("the kit's image list", () => {
  it("is derived from the pinned Argo CD manifest as the suite patches it: Argo CD and Redis, Dex scaled away", async () => {
    const manifest = await pinnedModuleManifest("argo-cd", DEFAULT_PINS.argoCdVersion);
    expect(manifest.verified).toBe(true);
    expect(argoCdImages(manifest.text)).toEqual([
      "public.ecr.aws/docker/library/redis:8.10.1-alpine",
      `quay.io/argoproj/argocd:${DEFAULT_PINS.argoCdVersion}`,
    ]);
  });

  it("covers every image a run starts, each under the name its manifest or the suite uses", () => {
    expect(kitRecipes(inputs).map((r) => r.name)).toEqual([
      KIT_NODE_IMAGE,
      "public.ecr.aws/docker/library/redis:8.10.1-alpine",
      "quay.io/argoproj/argocd:v3.6.1",
      "quay.io/argoproj/argo-rollouts:v1.9.1",
      "rancher/mirrored-coredns-coredns:1.14.4",
      "rancher/mirrored-pause:3.6",
      "node:24-alpine",
      "testcontainers/sshd:1.4.0",
      "nginx:latest",
    ]);
  });

  it("builds what a lab's action names, as the course names it: nginx from Debian's package, in the foreground", () => {
    const names = kitRecipes(inputs).map((r) => r.name);
    for (const image of Object.values(COURSE_ACTION_IMAGES)) expect(names).toContain(image);
    const nginx = kitRecipes(inputs).find((r) => r.name === "nginx:latest");
    expect(nginx?.debianPackages).toEqual(["nginx"]);
    expect(nginx?.config.cmd).toEqual(["nginx", "-g", "daemon off; error_log stderr;"]);
    expect(nginx?.differences.join(" ")).toMatch(/Debian 12's nginx/);
  });

  it("stops with what to do when a manifest names an image it has no recipe for", () => {
    expect(() => kitRecipes({ ...inputs, argoCdManifestImages: ["ghcr.io/dexidp/dex:v2.46.0"] })).toThrow(
      /names ghcr.io\/dexidp\/dex:v2.46.0, for which the kit has no recipe. Add one in kit\/src\/image-list.ts/,
    );
  });

  it("reads tool versions and required module versions from the upstream files", () => {
    expect(toolVersions("HELM_VERSION=4.3.1\nKUSTOMIZE_VERSION=5.8.3\n")).toEqual({
      helm: "v4.3.1",
      kustomize: "v5.8.3",
    });
    expect(() => toolVersions("HELM_VERSION=4.3.1\n")).toThrow(/no KUSTOMIZE_VERSION/);
    expect(
      requiredVersion(
        "require (\n\tgo.etcd.io/etcd/server/v3 v3.6.8 // indirect\n)",
        "go.etcd.io/etcd/server/v3",
      ),
    ).toBe("v3.6.8");
  });

  it("builds Argo CD with the tagged gitops-engine module instead of its local-path replace", () => {
    const argocd = goPrograms(inputs).find((p) => p.id === "argocd");
    expect(argocd?.requires).toEqual([
      { module: "github.com/argoproj/argo-cd/gitops-engine/v3", version: "v3.6.1" },
    ]);
    expect(
      argocd?.localPath?.({ from: "github.com/argoproj/argo-cd/gitops-engine/v3", to: "./gitops-engine" }),
    ).toBe(undefined);
  });

  it("links Argo CD and Rollouts to report their release tag, with the proxy's commit or else the module's sum", () => {
    const flags = (id: string) => goPrograms(inputs).find((p) => p.id === id)?.ldflags;
    const cd = "github.com/argoproj/argo-cd/v3/common";
    expect(flags("argocd")).toEqual([
      `-X ${cd}.version=3.6.1`,
      `-X ${cd}.buildDate=2026-11-04T13:21:06Z`,
      `-X ${cd}.gitCommit=h1:OmhqeKiR3C//awbFrhQqFdtRI+Qiv17j8vqm3UkMj/g=`,
      `-X ${cd}.gitTag=v3.6.1`,
      `-X ${cd}.gitTreeState=clean`,
      `-X "${cd}.extraBuildInfo=gitops-conformance offline kit build of github.com/argoproj/argo-cd/v3@v3.6.1 from the Go module proxy; GitCommit is the module's h1: sum, as the proxy names no commit"`,
    ]);
    const ro = "github.com/argoproj/argo-rollouts/utils/version";
    expect(flags("rollouts-controller")).toEqual([
      `-X ${ro}.version=1.9.1`,
      `-X ${ro}.buildDate=2026-07-06T13:57:05Z`,
      `-X ${ro}.gitCommit=b6bd3bcf8f60d717a98763d26acc983db7f97cb0`,
      `-X ${ro}.gitTag=v1.9.1`,
      `-X ${ro}.gitTreeState=clean`,
    ]);
  });
});

describe("labels and cache keys", () => {
  const [node, redis] = kitRecipes(inputs);
  const programs = new Map([
    ["kube-node", { id: "kube-node", file: "/x", key: "aaaa", built: false, seconds: 0 }],
  ]);

  it("label every image as the kit's, with its sources, Debian packages and differences from upstream", () => {
    if (!redis) throw new Error("no redis recipe");
    const labels = kitLabels(redis, "k1", ["redis-server=5:7.0.15-1~deb12u10"]);
    expect(labels).toMatchObject({
      "org.gitops-conformance.kit": "true",
      "org.gitops-conformance.kit.key": "k1",
      "org.gitops-conformance.kit.source": "Debian redis-server",
      "org.gitops-conformance.kit.debian-packages": "redis-server=5:7.0.15-1~deb12u10",
    });
    expect(labels["org.gitops-conformance.kit.differs-from-upstream"]).toMatch(/Redis 7.0/);
    expect(importChanges(redis, labels)).toContain('ENTRYPOINT ["/usr/bin/redis-server"]');
  });

  it("gives the same key for the same inputs, and a new one when a program, a pin or a file changes", async () => {
    if (!node || !redis) throw new Error("no recipes");
    const key = await imageKey(node, programs);
    expect(await imageKey(node, programs)).toBe(key);
    const rebuilt = new Map([["kube-node", { ...programs.get("kube-node"), key: "bbbb" } as never]]);
    expect(await imageKey(node, rebuilt)).not.toBe(key);
    const [nodeAtOtherPin] = kitRecipes({ ...inputs, etcdVersion: "v3.6.9" });
    if (!nodeAtOtherPin) throw new Error("no node recipe");
    expect(await imageKey(nodeAtOtherPin, programs)).not.toBe(key);
    // A pin that does not reach Redis leaves its key alone.
    const redisAfterRolloutsPin = kitRecipes({
      ...inputs,
      rolloutsVersion: "v1.9.3",
      rolloutsImage: "x:v1.9.3",
    })[1];
    if (!redisAfterRolloutsPin) throw new Error("no redis recipe");
    expect(await imageKey(redisAfterRolloutsPin, programs)).toBe(await imageKey(redis, programs));
  });
});
