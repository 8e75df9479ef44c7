import type { KubernetesObject } from "@kubernetes/client-node";
import { type Expectation, expectation, type Verdict } from "../wait/expectation";
import { describeApiError, isNotFound } from "./api-error";
import type { KubeClients } from "./kube-clients";

/** apiVersion of the kinds the labs touch, so helpers can take just "Deployment". */
export const KNOWN_KINDS = {
  Pod: "v1",
  Service: "v1",
  ConfigMap: "v1",
  Secret: "v1",
  Namespace: "v1",
  ServiceAccount: "v1",
  Deployment: "apps/v1",
  ReplicaSet: "apps/v1",
  StatefulSet: "apps/v1",
  Ingress: "networking.k8s.io/v1",
  Role: "rbac.authorization.k8s.io/v1",
  RoleBinding: "rbac.authorization.k8s.io/v1",
  ClusterRole: "rbac.authorization.k8s.io/v1",
  ClusterRoleBinding: "rbac.authorization.k8s.io/v1",
  CustomResourceDefinition: "apiextensions.k8s.io/v1",
  Rollout: "argoproj.io/v1alpha1",
  Application: "argoproj.io/v1alpha1",
  AppProject: "argoproj.io/v1alpha1",
} as const;

export type KnownKind = keyof typeof KNOWN_KINDS;
export type KindRef = KnownKind | { apiVersion: string; kind: string };

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  /** Undefined for cluster-scoped kinds (Namespace, ClusterRole, …). */
  namespace: string | undefined;
  name: string;
}

export function objectRef(kind: KindRef, namespace: string | undefined, name: string): ObjectRef {
  const k = typeof kind === "string" ? { apiVersion: KNOWN_KINDS[kind], kind } : kind;
  return { ...k, namespace, name };
}

/** "Deployment grade/grade-submission-api", "Namespace grade". */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`;
}

/** Reads an object by reference; undefined when it does not exist, a one-line error otherwise. */
export async function readObject(k: KubeClients, ref: ObjectRef): Promise<KubernetesObject | undefined> {
  try {
    return await k.objects.read({
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      metadata: ref.namespace ? { name: ref.name, namespace: ref.namespace } : { name: ref.name },
    });
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw new Error(`reading ${describeRef(ref)}: ${describeApiError(e)}`);
  }
}

/**
 * An expectation about one object, judged by `verdict` on what a read returns
 * (undefined when it does not exist): the shape of every gone / present /
 * recreated claim.
 */
export function objectExpectation(
  k: KubeClients,
  ref: ObjectRef,
  what: string,
  verdict: (label: string, object: KubernetesObject | undefined) => Verdict,
): Expectation {
  const label = describeRef(ref);
  return expectation(`${label} ${what}`, async () => verdict(label, await readObject(k, ref)));
}
