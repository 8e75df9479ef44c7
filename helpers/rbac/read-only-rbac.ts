import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import type { KubeClients } from "../kube/kube-clients";
import { FIXTURES_DIR } from "../project/paths";
import type { Expectation } from "../wait/expectation";
import { type AccessRequest, allAllowed } from "./access-review";

/**
 * The course's Lab 3.1 objects (fixtures/rbac): Role `read-only` and the RoleBinding
 * giving it to user `dev-user`, and what they grant. Applying them in a lab is
 * helpers/lab/kubernetes-read-only-role.ts.
 */

export const DEV_USER = "dev-user";
export const READ_ONLY_ROLE_FILE = "read-only-role.yaml";
export const READ_ONLY_BINDING_FILE = "read-only-binding.yaml";

export interface RbacObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [field: string]: unknown;
}

async function readRbacFixture(file: string): Promise<RbacObject> {
  return parse(await readFile(path.join(FIXTURES_DIR, "rbac", file), "utf8")) as RbacObject;
}

export function readOnlyRole(): Promise<RbacObject> {
  return readRbacFixture(READ_ONLY_ROLE_FILE);
}

/** The smallest complete RoleBinding for the course's snippet (which has no names and no apiGroup). */
export function readOnlyBinding(): Promise<RbacObject> {
  return readRbacFixture(READ_ONLY_BINDING_FILE);
}

/** What the course says the Role is for: get, list and watch on pods, deployments and services. */
export const READ_ONLY_RESOURCES = [
  { group: "", resource: "pods" },
  { group: "apps", resource: "deployments" },
  { group: "", resource: "services" },
] as const;
export const READ_ONLY_VERBS = ["get", "list", "watch"] as const;

export function readOnlyRequests(namespace: string, user = DEV_USER): AccessRequest[] {
  return READ_ONLY_RESOURCES.flatMap(({ group, resource }) =>
    READ_ONLY_VERBS.map((verb) => ({ user, namespace, verb, group, resource })),
  );
}

/** What `kubectl scale deployment` needs and the Role does not grant: patch on deployments/scale. */
export function scaleRequest(namespace: string, user = DEV_USER): AccessRequest {
  return { user, namespace, verb: "patch", group: "apps", resource: "deployments", subresource: "scale" };
}

/** dev-user may get, list and watch the three resources in `namespace` (poll it: RBAC propagates). */
export function devUserMayReadIn(kube: KubeClients, namespace: string): Expectation {
  return allAllowed(
    kube,
    `${DEV_USER} to get, list and watch pods, deployments and services in ${namespace}`,
    readOnlyRequests(namespace),
  );
}

type Rule = { verbs: string[]; apiGroups: string[]; resources: string[] };

/** The Role with every rule cut down to `list` (the control of M3.1's read verbs). */
export function withOnlyListVerb(role: RbacObject): RbacObject {
  const rules = (role.rules ?? []) as Rule[];
  return { ...role, rules: rules.map((r) => ({ ...r, verbs: ["list"] })) };
}

/** The Role granting scaling too (the control of M3.2's absent write). */
export function withScaleGranted(role: RbacObject): RbacObject {
  const rules = (role.rules ?? []) as Rule[];
  const scale = {
    apiGroups: ["apps"],
    resources: ["deployments/scale"],
    verbs: ["get", "update", "patch"],
  };
  return { ...role, rules: [...rules, scale] };
}

/** The Role granting the Deployment's writes too: update, patch, delete (the control of M3.2's other writes). */
export function withDeploymentWritesGranted(role: RbacObject): RbacObject {
  const rules = (role.rules ?? []) as Rule[];
  const writes = { apiGroups: ["apps"], resources: ["deployments"], verbs: ["update", "patch", "delete"] };
  return { ...role, rules: [...rules, writes] };
}
