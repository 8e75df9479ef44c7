import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { installInventory } from "./install-inventory";
import { describeChange, parseManifestObjects } from "./manifest-stream";
import type { PatchedManifest } from "./patch-argocd";
import { patchRolloutsInstall, ROLLOUTS_NAMESPACE, rolloutsImage } from "./patch-rollouts";
import { pinnedUpstreamText } from "./pinned-upstream";

/** The fields these tests look at; the data is parsed YAML, so the shape is the assertions' business. */
interface Obj {
  kind?: string;
  subjects?: unknown;
  spec: { template: { spec: { containers: Record<string, string>[] } } };
}

const file = await pinnedUpstreamText("argo-rollouts", "manifests/install.yaml");

const read = (text: string, version: "1.1" | "1.2" = "1.2"): Obj[] =>
  parseAllDocuments(text, { version }).map((d) => d.toJS({ maxAliasCount: -1 }) as Obj);

const containersOf = (objects: Obj[], index = objects.findIndex((o) => o.kind === "Deployment")) =>
  objects[index]?.spec.template.spec.containers;

describe(`patching Argo Rollouts v1.9.1's install.yaml (the pinned Go module's copy)`, () => {
  let original: string;
  let patched: PatchedManifest;

  beforeAll(() => {
    original = file;
    patched = patchRolloutsInstall(original, "v1.9.1");
  });

  it("adds the argo-rollouts Namespace first, the one the ClusterRoleBinding's subject lives in", () => {
    const objects = parseManifestObjects(patched.yaml);
    expect(objects[0]).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "argo-rollouts" },
    });
    expect(objects.filter((o) => o.kind === "Namespace")).toHaveLength(1);
    const binding = read(patched.yaml).find((o) => o.kind === "ClusterRoleBinding");
    expect(binding?.subjects).toEqual([
      { kind: "ServiceAccount", name: "argo-rollouts", namespace: ROLLOUTS_NAMESPACE },
    ]);
  });

  it("pins the controller image to the version instead of :latest, pulled only if not preloaded", () => {
    expect(containersOf(read(patched.yaml))?.[0]).toMatchObject({
      name: "argo-rollouts",
      image: "quay.io/argoproj/argo-rollouts:v1.9.1",
      imagePullPolicy: "IfNotPresent",
    });
    expect(patched.changes.map(describeChange)).toEqual([
      "Namespace argo-rollouts: added as the first document",
      'Deployment argo-rollouts: spec.template.spec.containers[0].image "quay.io/argoproj/argo-rollouts:latest" → "quay.io/argoproj/argo-rollouts:v1.9.1"',
      'Deployment argo-rollouts: spec.template.spec.containers[0].imagePullPolicy "Always" → "IfNotPresent"',
    ]);
  });

  it("changes nothing else, under both YAML readings", () => {
    for (const version of ["1.2", "1.1"] as const) {
      const expected = read(original, version);
      Object.assign(containersOf(expected)?.[0] ?? {}, {
        image: "quay.io/argoproj/argo-rollouts:v1.9.1",
        imagePullPolicy: "IfNotPresent",
      });
      expect(read(patched.yaml, version).slice(1)).toEqual(expected);
    }
    // Everything up to the Deployment (the five CRDs included) is the original text.
    const deploymentAt = original.indexOf("apiVersion: apps/v1\nkind: Deployment");
    expect(patched.yaml.includes(original.slice(0, deploymentAt))).toBe(true);
  });

  it("inventories five CRDs, one Deployment and the pinned image", () => {
    expect(installInventory(parseManifestObjects(patched.yaml), ROLLOUTS_NAMESPACE)).toEqual({
      crds: [
        "analysisruns.argoproj.io",
        "analysistemplates.argoproj.io",
        "clusteranalysistemplates.argoproj.io",
        "experiments.argoproj.io",
        "rollouts.argoproj.io",
      ],
      workloads: [{ kind: "Deployment", namespace: "argo-rollouts", name: "argo-rollouts" }],
      images: ["quay.io/argoproj/argo-rollouts:v1.9.1"],
    });
  });
});

describe("Rollouts patch without the upstream file", () => {
  const deployment = (image: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: argo-rollouts
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: argo-rollouts
spec:
  template:
    spec:
      containers:
      - name: argo-rollouts
        image: ${image}
      - name: sidecar
        image: busybox
`;

  it("does not add a second Namespace, and makes an implied Always (untagged image) explicit IfNotPresent", () => {
    const patched = patchRolloutsInstall(deployment("quay.io/argoproj/argo-rollouts:latest"), "v1.9.2");
    const objects = parseManifestObjects(patched.yaml);
    expect(objects.filter((o) => o.kind === "Namespace")).toHaveLength(1);
    expect(containersOf(read(patched.yaml), 1)).toEqual([
      // A pinned tag already implies IfNotPresent: nothing to write.
      { name: "argo-rollouts", image: "quay.io/argoproj/argo-rollouts:v1.9.2" },
      { name: "sidecar", image: "busybox", imagePullPolicy: "IfNotPresent" },
    ]);
  });

  it("fails loudly when the controller container is not where it used to be", () => {
    expect(() => patchRolloutsInstall(deployment("example.com/other:v1"), "v1.9.1")).toThrow(
      /has no quay.io\/argoproj\/argo-rollouts container/,
    );
  });

  it("refuses a version that cannot be an image tag", () => {
    expect(() => rolloutsImage("v1.9.1 ; rm")).toThrow(
      'Rollouts version "v1.9.1 ; rm" cannot be an image tag.',
    );
  });
});

describe("Rollouts image and layout, in detail", () => {
  const manifest = (images: string[], namespace = "argo-rollouts") => `apiVersion: v1
kind: Namespace
metadata:
  name: ${namespace}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: argo-rollouts
spec:
  template:
    spec:
      containers:
${images.map((image, i) => `      - name: c${i}\n        image: ${image}\n        imagePullPolicy: IfNotPresent`).join("\n")}
`;

  it("takes any Docker tag, up to 128 characters, as the version", () => {
    expect(rolloutsImage("v1.9.1")).toBe("quay.io/argoproj/argo-rollouts:v1.9.1");
    expect(rolloutsImage(`v${"1".repeat(127)}`)).toBe(`quay.io/argoproj/argo-rollouts:v${"1".repeat(127)}`);
    expect(rolloutsImage("_dev-build.2")).toBe("quay.io/argoproj/argo-rollouts:_dev-build.2");
    for (const bad of [`v${"1".repeat(128)}`, ".v1", "-v1", "", "v1:latest", "x v1"]) {
      expect(() => rolloutsImage(bad), bad).toThrow(`Rollouts version "${bad}" cannot be an image tag.`);
    }
  });

  it("pins every controller container, whether written with a tag or a digest, and only those", () => {
    const patched = patchRolloutsInstall(
      manifest([
        "quay.io/argoproj/argo-rollouts@sha256:0123",
        "quay.io/argoproj/argo-rollouts-extra:v1",
        "quay.io/argoproj/argo-rollouts:latest",
      ]),
      "v1.9.1",
    );
    expect(patched.changes.map(describeChange)).toEqual([
      'Deployment argo-rollouts: spec.template.spec.containers[0].image "quay.io/argoproj/argo-rollouts@sha256:0123" → "quay.io/argoproj/argo-rollouts:v1.9.1"',
      'Deployment argo-rollouts: spec.template.spec.containers[2].image "quay.io/argoproj/argo-rollouts:latest" → "quay.io/argoproj/argo-rollouts:v1.9.1"',
    ]);
  });

  it("adds its Namespace when the manifest has only another one", () => {
    const patched = patchRolloutsInstall(
      manifest(["quay.io/argoproj/argo-rollouts:latest"], "other"),
      "v1.9.1",
    );
    expect(
      read(patched.yaml).map((o) => [o.kind, (o as { metadata?: { name?: string } }).metadata?.name]),
    ).toEqual([
      ["Namespace", "argo-rollouts"],
      ["Namespace", "other"],
      ["Deployment", "argo-rollouts"],
    ]);
    expect(patched.changes[0]).toEqual({
      object: "Namespace argo-rollouts",
      path: [],
      from: undefined,
      to: "added as the first document",
    });
  });

  it("skips a container without an image", () => {
    const withInit = manifest(["quay.io/argoproj/argo-rollouts:latest"]).replace(
      "      containers:\n",
      "      containers:\n      - name: no-image\n",
    );
    const imageChanges = patchRolloutsInstall(withInit, "v1.9.1")
      .changes.map(describeChange)
      .filter((line) => line.includes("].image "));
    expect(imageChanges).toEqual([
      'Deployment argo-rollouts: spec.template.spec.containers[1].image "quay.io/argoproj/argo-rollouts:latest" → "quay.io/argoproj/argo-rollouts:v1.9.1"',
    ]);
  });

  it("fails loudly when the Deployment has no container list", () => {
    const noContainers = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: argo-rollouts
spec:
  template:
    spec: {}
`;
    expect(() => patchRolloutsInstall(noContainers, "v1.9.1")).toThrow(
      "Deployment argo-rollouts in the install manifest has no quay.io/argoproj/argo-rollouts container. The upstream layout changed: update helpers/install/patch-rollouts.ts.",
    );
  });
});
