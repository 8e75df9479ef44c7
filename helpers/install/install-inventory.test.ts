import { describe, expect, it } from "vitest";
import { DEFAULT_PINS } from "../project/versions";
import { crdNames, images, installInventory, workloads } from "./install-inventory";
import { parseManifestObjects } from "./manifest-stream";
import { pinnedUpstreamText } from "./pinned-upstream";
import { defaultPullPolicy, imageTag } from "./pod-specs";

const file = await pinnedUpstreamText("argo-cd", "manifests/install.yaml");

describe("install inventory", () => {
  it(`lists Argo CD ${DEFAULT_PINS.argoCdVersion}'s 3 CRDs, 6 Deployments, 1 StatefulSet and 3 images (the pinned Go module's copy)`, () => {
    const inventory = installInventory(parseManifestObjects(file), "argocd");
    expect(inventory.crds).toEqual([
      "applications.argoproj.io",
      "applicationsets.argoproj.io",
      "appprojects.argoproj.io",
    ]);
    const deployment = (name: string) => ({ kind: "Deployment", namespace: "argocd", name });
    expect(inventory.workloads).toEqual([
      deployment("argocd-applicationset-controller"),
      deployment("argocd-dex-server"),
      deployment("argocd-notifications-controller"),
      deployment("argocd-redis"),
      deployment("argocd-repo-server"),
      deployment("argocd-server"),
      { kind: "StatefulSet", namespace: "argocd", name: "argocd-application-controller" },
    ]);
    // Unpatched, Dex runs a replica: its image is listed (patch-argocd scales it to zero).
    expect(inventory.images).toEqual([
      "ghcr.io/dexidp/dex:v2.46.0",
      "public.ecr.aws/docker/library/redis:8.10.1-alpine",
      "quay.io/argoproj/argocd:v3.6.1",
    ]);
  });

  it("leaves out a workload scaled to zero: nothing to wait for, no image to preload", () => {
    const objects = [
      {
        kind: "Deployment",
        metadata: { name: "dex" },
        spec: { replicas: 0, template: { spec: { containers: [{ image: "dex:v2" }] } } },
      },
      {
        kind: "Deployment",
        metadata: { name: "api" },
        spec: { template: { spec: { containers: [{ image: "api:v1" }] } } },
      },
    ];
    const inventory = installInventory(objects, "argocd");
    expect(inventory.workloads).toEqual([{ kind: "Deployment", namespace: "argocd", name: "api" }]);
    expect(inventory.images).toEqual(["api:v1"]);
  });

  it("keeps a namespace the manifest names, and finds images in init containers and CronJobs", () => {
    const objects = [
      { kind: "CustomResourceDefinition", metadata: { name: "rollouts.argoproj.io" } },
      {
        kind: "Deployment",
        metadata: { name: "api", namespace: "apps" },
        spec: {
          template: {
            spec: { initContainers: [{ image: "busybox:1.37" }], containers: [{ image: "api:v2" }] },
          },
        },
      },
      {
        kind: "CronJob",
        metadata: { name: "nightly" },
        spec: {
          jobTemplate: {
            spec: { template: { spec: { containers: [{ image: "api:v2" }, { image: "tool" }] } } },
          },
        },
      },
      { kind: "Service", metadata: { name: "api" } },
      null,
    ];
    expect(crdNames(objects)).toEqual(["rollouts.argoproj.io"]);
    expect(workloads(objects, "default")).toEqual([{ kind: "Deployment", namespace: "apps", name: "api" }]);
    expect(images(objects)).toEqual(["api:v2", "busybox:1.37", "tool"]);
  });

  it("knows which images Kubernetes pulls Always when no policy is written", () => {
    expect(imageTag("localhost:5000/team/app")).toBeUndefined();
    expect(imageTag("localhost:5000/team/app:v1")).toBe("v1");
    expect(defaultPullPolicy("quay.io/argoproj/argo-rollouts:latest")).toBe("Always");
    expect(defaultPullPolicy("redis")).toBe("Always");
    expect(defaultPullPolicy("redis:8.2.3-alpine")).toBe("IfNotPresent");
    expect(defaultPullPolicy(`redis@sha256:${"0".repeat(64)}`)).toBe("IfNotPresent");
  });
});
