import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { DEFAULT_PINS } from "../project/versions";
import { goModuleFile } from "./go-module-file";
import { images, workloads } from "./install-inventory";
import { describeChange, splitManifests } from "./manifest-stream";
import { type PatchedManifest, patchArgoCdInstall } from "./patch-argocd";
import { defaultPullPolicy } from "./pod-specs";

/** The fields these tests look at; the data is parsed YAML, so the shape is the assertions' business. */
interface Container {
  name: string;
  image: string;
  imagePullPolicy?: string;
}
interface Obj {
  kind?: string;
  metadata: { name?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  spec: {
    type?: string;
    ports: { name: string; nodePort?: number }[];
    template: { spec: { containers: Container[]; initContainers?: Container[] } };
    versions: { schema: { openAPIV3Schema: unknown } }[];
  };
}

const version = DEFAULT_PINS.argoCdVersion;

const readings = { "1.1": new Map<string, Obj[]>(), "1.2": new Map<string, Obj[]>() };
/**
 * Every object, read as YAML 1.2 (JS tooling) or YAML 1.1 (kubectl): the patch must change neither reading.
 * Each text is parsed once per reading (a second of CPU for the 2 MB manifest); the tests only read the objects.
 */
function read(text: string, version: "1.1" | "1.2"): Obj[] {
  let objects = readings[version].get(text);
  if (!objects) {
    objects = parseAllDocuments(text, { version }).map((d) => d.toJS({ maxAliasCount: -1 }) as Obj);
    readings[version].set(text, objects);
  }
  return objects;
}

const find = (objects: Obj[], kind: string, name: string): Obj => {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};

const containersOf = (objects: Obj[]): Container[] =>
  objects
    .filter((o) => o.kind === "Deployment" || o.kind === "StatefulSet")
    .flatMap((o) => [...(o.spec.template.spec.initContainers ?? []), ...o.spec.template.spec.containers]);

/** The original with exactly the intended edits applied by hand. */
function intended(original: Obj[]): Obj[] {
  const expected = structuredClone(original);
  const cmdParams = find(expected, "ConfigMap", "argocd-cmd-params-cm");
  cmdParams.data = { ...cmdParams.data, "server.insecure": "true" };
  const cm = find(expected, "ConfigMap", "argocd-cm");
  cm.data = { ...cm.data, "timeout.reconciliation": "10s", "timeout.reconciliation.jitter": "0s" };
  const service = find(expected, "Service", "argocd-server");
  service.spec.type = "NodePort";
  for (const port of service.spec.ports) if (port.name === "http") port.nodePort = 30080;
  const dex = find(expected, "Deployment", "argocd-dex-server") as Obj & { spec: { replicas?: number } };
  dex.spec.replicas = 0;
  for (const container of containersOf(expected)) {
    if (container.imagePullPolicy === "Always") container.imagePullPolicy = "IfNotPresent";
  }
  return expected;
}

describe(`patching Argo CD ${version}'s install.yaml (the pinned Go module's copy)`, () => {
  let original: string;
  let patched: PatchedManifest;
  let after: Obj[];

  beforeAll(async () => {
    const module = { module: "github.com/argoproj/argo-cd/v3", version };
    original = (await goModuleFile(module, "manifests/install.yaml")).toString("utf8");
    patched = patchArgoCdInstall(original);
    after = read(patched.yaml, "1.2");
  });

  it("sets plain HTTP, the short reconciliation and the fixed NodePort", () => {
    expect(find(after, "ConfigMap", "argocd-cmd-params-cm").data).toEqual({ "server.insecure": "true" });
    expect(find(after, "ConfigMap", "argocd-cm").data).toMatchObject({
      "timeout.reconciliation": "10s",
      "timeout.reconciliation.jitter": "0s",
    });
    const service = find(after, "Service", "argocd-server");
    expect(service.spec.type).toBe("NodePort");
    expect(service.spec.ports).toEqual([
      { name: "http", port: 80, protocol: "TCP", targetPort: 8080, nodePort: 30080 },
      { name: "https", port: 443, protocol: "TCP", targetPort: 8080 },
    ]);
  });

  it("leaves no container pulling Always (written or implied), so preloaded images are used", () => {
    const containers = containersOf(after);
    expect(containers).toHaveLength(10);
    const effective = containers.map((c) => c.imagePullPolicy ?? defaultPullPolicy(c.image));
    expect(effective.every((p) => p === "IfNotPresent")).toBe(true);
    // Dex is scaled to zero: no lab needs it, so its image is neither waited for nor preloaded.
    expect(images(after)).toEqual([
      "public.ecr.aws/docker/library/redis:8.10.1-alpine",
      "quay.io/argoproj/argocd:v3.6.1",
    ]);
  });

  it("changes nothing else, under both the YAML 1.2 and the YAML 1.1 (kubectl) reading", () => {
    for (const version of ["1.2", "1.1"] as const) {
      expect(read(patched.yaml, version)).toEqual(intended(read(original, version)));
    }
  });

  it("keeps the part-of labels the settings informer selects ConfigMaps by", () => {
    for (const name of ["argocd-cm", "argocd-cmd-params-cm"]) {
      expect(find(after, "ConfigMap", name).metadata.labels).toEqual({
        "app.kubernetes.io/name": name,
        "app.kubernetes.io/part-of": "argocd",
      });
    }
  });

  it("copies every untouched document verbatim; the CRD schemas are deep-equal", () => {
    const changed = new Set(patched.changes.map((c) => c.object));
    const untouched = splitManifests(original).filter(
      ({ document }) => !changed.has(`${document.get("kind")} ${document.getIn(["metadata", "name"])}`),
    );
    // 60 documents at v3.6.1; changed: 2 ConfigMaps, the Service, 6 Deployments and the StatefulSet.
    expect(untouched.length).toBe(60 - 10);
    for (const { source } of untouched) expect(patched.yaml.includes(source)).toBe(true);
    const before = read(original, "1.2");
    for (const crd of [
      "applications.argoproj.io",
      "applicationsets.argoproj.io",
      "appprojects.argoproj.io",
    ]) {
      const schema = (objects: Obj[]) =>
        find(objects, "CustomResourceDefinition", crd).spec.versions.map((v) => v.schema.openAPIV3Schema);
      expect(schema(after)).toEqual(schema(before));
      expect(schema(after)[0]).toBeTypeOf("object");
    }
  });

  it("lists what it changed, for the report", () => {
    expect(patched.changes.map(describeChange)).toEqual([
      'ConfigMap argocd-cmd-params-cm: data.server.insecure (unset) → "true"',
      'ConfigMap argocd-cm: data.timeout.reconciliation (unset) → "10s"',
      'ConfigMap argocd-cm: data.timeout.reconciliation.jitter (unset) → "0s"',
      'Service argocd-server: spec.type (unset) → "NodePort"',
      'Service argocd-server: spec.ports[0].nodePort (unset) → "30080"',
      'Deployment argocd-dex-server: spec.replicas (unset) → "0"',
      ...[
        "Deployment argocd-applicationset-controller: spec.template.spec.containers[0]",
        "Deployment argocd-dex-server: spec.template.spec.initContainers[0]",
        "Deployment argocd-dex-server: spec.template.spec.containers[0]",
        "Deployment argocd-notifications-controller: spec.template.spec.containers[0]",
        "Deployment argocd-redis: spec.template.spec.containers[0]",
        "Deployment argocd-repo-server: spec.template.spec.containers[0]",
        "Deployment argocd-server: spec.template.spec.containers[0]",
        "StatefulSet argocd-application-controller: spec.template.spec.containers[0]",
      ].map((c) => `${c}.imagePullPolicy "Always" → "IfNotPresent"`),
    ]);
  });

  it("is idempotent: patching the patched manifest changes nothing", () => {
    const again = patchArgoCdInstall(patched.yaml);
    expect(again.changes).toEqual([]);
    expect(again.yaml).toBe(patched.yaml);
  });

  it("takes other settings, and still finds the workloads", () => {
    const custom = patchArgoCdInstall(original, { reconciliationTimeout: "30s", httpNodePort: 31080 });
    const objects = read(custom.yaml, "1.2");
    expect(find(objects, "ConfigMap", "argocd-cm").data?.["timeout.reconciliation"]).toBe("30s");
    expect(find(objects, "Service", "argocd-server").spec.ports[0]?.nodePort).toBe(31080);
    // Seven workloads, less Dex at zero replicas.
    expect(workloads(objects, "argocd")).toHaveLength(6);
  });
});

describe("Argo CD patch options", () => {
  const minimal = `apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cm
`;
  it("refuses settings Argo CD or k3s would reject", () => {
    expect(() => patchArgoCdInstall(minimal, { reconciliationTimeout: "10" })).toThrow(
      'reconciliationTimeout "10" is not a Go duration such as "10s".',
    );
    expect(() => patchArgoCdInstall(minimal, { httpNodePort: 8080 })).toThrow(
      "httpNodePort 8080 is outside the NodePort range 30000-32767.",
    );
  });

  it("fails loudly when the manifest lacks an object it patches", () => {
    expect(() => patchArgoCdInstall(minimal)).toThrow(/no ConfigMap argocd-cmd-params-cm/);
  });
});

describe("Argo CD patch options and layout, in detail", () => {
  const manifest = (ports: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cmd-params-cm
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cm
---
apiVersion: v1
kind: Service
metadata:
  name: argocd-server
spec:
${ports}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: argocd-dex-server
spec:
  replicas: 1
  template:
    spec:
      containers:
      - name: dex
        image: ghcr.io/dexidp/dex:v2.43.0
        imagePullPolicy: Always
`;
  const twoPorts = `  ports:
  - name: https
    port: 443
  - name: http
    port: 80
`;

  it("takes any Go duration, for the reconciliation and its jitter", () => {
    for (const duration of ["1m30s", "1.5h", "500ms", "10us", "10µs", "100ns", "0s"]) {
      expect(() =>
        patchArgoCdInstall(manifest(twoPorts), {
          reconciliationTimeout: duration,
          reconciliationJitter: duration,
        }),
      ).not.toThrow();
    }
    for (const [key, value] of [
      ["reconciliationTimeout", "10"],
      ["reconciliationTimeout", "s"],
      ["reconciliationTimeout", "10s "],
      ["reconciliationTimeout", " 10s"],
      ["reconciliationTimeout", "10d"],
      ["reconciliationJitter", "1.s"],
    ] as const) {
      expect(() => patchArgoCdInstall(manifest(twoPorts), { [key]: value })).toThrow(
        `${key} "${value}" is not a Go duration such as "10s".`,
      );
    }
  });

  it("takes a NodePort from 30000 to 32767 only, a whole number", () => {
    for (const port of [30000, 32767]) {
      expect(() => patchArgoCdInstall(manifest(twoPorts), { httpNodePort: port })).not.toThrow();
    }
    for (const port of [29999, 32768, 30080.5]) {
      expect(() => patchArgoCdInstall(manifest(twoPorts), { httpNodePort: port })).toThrow(
        `httpNodePort ${port} is outside the NodePort range 30000-32767.`,
      );
    }
  });

  it("sets the NodePort on the port named http wherever it is listed, and scales Dex to zero", () => {
    const patched = patchArgoCdInstall(manifest(twoPorts), { httpNodePort: 31000 });
    expect(patched.changes.map(describeChange)).toEqual([
      'ConfigMap argocd-cmd-params-cm: data.server.insecure (unset) → "true"',
      'ConfigMap argocd-cm: data.timeout.reconciliation (unset) → "10s"',
      'ConfigMap argocd-cm: data.timeout.reconciliation.jitter (unset) → "0s"',
      'Service argocd-server: spec.type (unset) → "NodePort"',
      'Service argocd-server: spec.ports[1].nodePort (unset) → "31000"',
      'Deployment argocd-dex-server: spec.replicas "1" → "0"',
      'Deployment argocd-dex-server: spec.template.spec.containers[0].imagePullPolicy "Always" → "IfNotPresent"',
    ]);
  });

  it("fails loudly when argocd-server has no port named http, or no port list", () => {
    const message =
      "Service argocd-server in the install manifest has no port named http. The upstream layout changed: update helpers/install/patch-argocd.ts.";
    expect(() => patchArgoCdInstall(manifest("  ports:\n  - name: https\n    port: 443\n"))).toThrow(message);
    expect(() => patchArgoCdInstall(manifest("  ports:\n  - 80\n"))).toThrow(message);
    expect(() => patchArgoCdInstall(manifest("  ports: {}\n"))).toThrow(message);
  });
});
