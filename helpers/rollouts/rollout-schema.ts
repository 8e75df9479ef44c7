import Ajv, { type ErrorObject } from "ajv";
import { parseAllDocuments } from "yaml";

/**
 * Validates a Rollout manifest against the openAPIV3Schema of the
 * rollouts.argoproj.io CRD in a pinned install.yaml, before any cluster exists.
 */

type JsonSchema = Record<string, unknown>;

/** The v1alpha1 openAPIV3Schema of rollouts.argoproj.io from install.yaml's text. */
export function rolloutSchemaFromInstallYaml(installYaml: string): JsonSchema {
  for (const doc of parseAllDocuments(installYaml)) {
    const crd = doc.toJS() as {
      kind?: string;
      metadata?: { name?: string };
      spec?: { versions?: { name: string; schema?: { openAPIV3Schema?: JsonSchema } }[] };
    } | null;
    if (crd?.kind !== "CustomResourceDefinition" || crd.metadata?.name !== "rollouts.argoproj.io") continue;
    const schema = crd.spec?.versions?.find((v) => v.name === "v1alpha1")?.schema?.openAPIV3Schema;
    if (!schema) throw new Error("the rollouts.argoproj.io CRD has no v1alpha1 openAPIV3Schema");
    return schema;
  }
  throw new Error("install.yaml has no CustomResourceDefinition rollouts.argoproj.io");
}

/**
 * A copy in which every object with declared properties rejects others, as the
 * API server does under kubectl's default `--validate=strict` (it would
 * otherwise prune them silently). Nodes marked
 * x-kubernetes-preserve-unknown-fields keep unknown fields, as in Kubernetes.
 */
export function withStrictFields(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withStrictFields);
  if (typeof schema !== "object" || schema === null) return schema;
  const node = Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [k, withStrictFields(v)]),
  ) as JsonSchema;
  const closable =
    typeof node.properties === "object" &&
    node.additionalProperties === undefined &&
    node["x-kubernetes-preserve-unknown-fields"] !== true;
  return closable ? { ...node, additionalProperties: false } : node;
}

function describeError(e: ErrorObject): string {
  const where = e.instancePath || "/";
  const extra = e.keyword === "additionalProperties" ? ` (${String(e.params.additionalProperty)})` : "";
  return `${where} ${e.message ?? e.keyword}${extra}`;
}

export interface RolloutValidatorOptions {
  /** Reject unknown fields (default true), see withStrictFields. */
  strictFields?: boolean;
}

/**
 * A validator returning one line per problem ("/spec/strategy/canary/steps/0/setWeight must be integer"),
 * empty when the manifest is valid. CEL rules (x-kubernetes-validations) are not evaluated.
 */
export function makeRolloutValidator(
  schema: JsonSchema,
  options: RolloutValidatorOptions = {},
): (manifest: unknown) => string[] {
  // strict:false ignores the x-kubernetes-* keywords; the Kubernetes formats are declared below.
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat("int32", {
    type: "number",
    validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i);
  const validate = ajv.compile(
    (options.strictFields ?? true) ? (withStrictFields(schema) as JsonSchema) : schema,
  );
  return (manifest) => (validate(manifest) ? [] : (validate.errors ?? []).map(describeError));
}
