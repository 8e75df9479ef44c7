import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NO_SHARED_REASON, sharedFile } from "../catalog/shared-folder";
import { crdNames, images, installInventory, workloads } from "./install-inventory";
import { parseManifestObjects } from "./manifest-stream";
import { defaultPullPolicy, imageTag } from "./pod-specs";

const file = sharedFile("upstream", "argo-cd-v3.5.1", "install.yaml");

describe("install inventory", () => {
  it.skipIf(!file)(
    `lists Argo CD v3.5.1's 3 CRDs, 6 Deployments, 1 StatefulSet and 3 images ${file ? "" : `(${NO_SHARED_REASON})`}`,
    () => {
      const inventory = installInventory(parseManifestObjects(readFileSync(file ?? "", "utf8")), "argocd");
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
      expect(inventory.images).toEqual([
        "ghcr.io/dexidp/dex:v2.45.0",
        "public.ecr.aws/docker/library/redis:8.2.3-alpine",
        "quay.io/argoproj/argocd:v3.5.1",
      ]);
    },
  );

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
