import { Ajv, type ValidateFunction } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { pinnedUpstreamText } from "../install/pinned-upstream";
import {
  type ApplicationInput,
  applicationManifest,
  LAB_ID_LABEL_KEY,
  type SyncMode,
} from "./application-spec";

const base: ApplicationInput = {
  name: "t07-grade-api",
  labId: "T07",
  repoURL: "http://host.testcontainers.internal:8081/grade-api-gitops.git",
  path: "k8s",
  targetRevision: "main",
  destinationNamespace: "grade",
  sync: "auto-self-heal-prune",
};

describe("Application manifests", () => {
  it("carries the lab ID label, the cascade finalizer and the argocd namespace", () => {
    const manifest = applicationManifest(base);
    expect(manifest).toEqual({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: {
        name: "t07-grade-api",
        namespace: "argocd",
        labels: { [LAB_ID_LABEL_KEY]: "T07" },
        finalizers: ["resources-finalizer.argocd.argoproj.io"],
      },
      spec: {
        project: "default",
        source: { repoURL: base.repoURL, path: "k8s", targetRevision: "main" },
        destination: { server: "https://kubernetes.default.svc", namespace: "grade" },
        syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ["CreateNamespace=true"] },
      },
    });
  });

  it("has one sync policy per mode; manual is exactly the course's `syncPolicy: {}`", () => {
    const policy = (sync: SyncMode) => applicationManifest({ ...base, sync }).spec.syncPolicy;
    expect(policy("auto")).toEqual({
      automated: { prune: false, selfHeal: false },
      syncOptions: ["CreateNamespace=true"],
    });
    expect(policy("manual")).toStrictEqual({});
  });

  it("adds Helm value files for a chart source (M2.2)", () => {
    const manifest = applicationManifest({
      ...base,
      labId: "M2.2",
      path: "chart",
      helm: { valueFiles: ["values.yaml"] },
    });
    expect(manifest.spec.source).toEqual({
      repoURL: base.repoURL,
      path: "chart",
      targetRevision: "main",
      helm: { valueFiles: ["values.yaml"] },
    });
    expect(manifest.metadata.labels[LAB_ID_LABEL_KEY]).toBe("M2.2");
  });

  it("refuses a name or lab ID Kubernetes would refuse", () => {
    expect(() => applicationManifest({ ...base, name: "T07_Grade" })).toThrow(
      /lowercase letters, digits and "-"/,
    );
    expect(() => applicationManifest({ ...base, labId: "T07 bis" })).toThrow(
      "not a valid Kubernetes label value",
    );
  });
});

describe(`Application manifests against the pinned Argo CD's Application CRD schema`, () => {
  let validate: ValidateFunction;

  beforeAll(async () => {
    const installYaml = await pinnedUpstreamText("argo-cd", "manifests/install.yaml");
    const crd = parseAllDocuments(installYaml)
      .map((d) => d.toJS() as { kind?: string; metadata?: { name?: string }; spec?: unknown })
      .find((d) => d?.kind === "CustomResourceDefinition" && d.metadata?.name === "applications.argoproj.io");
    const schema = (crd?.spec as { versions?: { schema?: { openAPIV3Schema?: object } }[] } | undefined)
      ?.versions?.[0]?.schema?.openAPIV3Schema;
    if (!schema) throw new Error("no applications.argoproj.io schema in the pinned install.yaml");
    // strict:false ignores the x-kubernetes-* keywords.
    validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(
      closeObjects(schema) as object,
    );
  });

  it(`accepts every sync mode, with and without Helm`, () => {
    for (const sync of ["auto-self-heal-prune", "auto", "manual"] as const) {
      for (const helm of [undefined, { valueFiles: ["values.yaml", "values-prod.yaml"] }]) {
        const manifest = applicationManifest({ ...base, sync, ...(helm ? { helm } : {}) });
        expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
      }
    }
  });

  it(`would catch a misspelt field, which the API server would drop silently`, () => {
    const manifest = applicationManifest(base);
    const misspelt = {
      ...manifest,
      spec: { ...manifest.spec, syncPolicy: { automated: { selfheal: true } } },
    };
    expect(validate(misspelt)).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({
      instancePath: "/spec/syncPolicy/automated",
      params: { additionalProperty: "selfheal" },
    });
  });
});

/**
 * Kubernetes prunes fields a structural schema does not declare, silently. Closing every object
 * that declares its properties (and does not preserve unknown fields) turns that into an error here.
 */
function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (typeof schema !== "object" || schema === null) return schema;
  const node = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, closeObjects(v)])) as Record<
    string,
    unknown
  >;
  if (
    typeof node.properties === "object" &&
    node.additionalProperties === undefined &&
    node["x-kubernetes-preserve-unknown-fields"] !== true
  ) {
    node.additionalProperties = false;
  }
  return node;
}
