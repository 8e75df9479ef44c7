import { parse } from "yaml";
import type { LabContext } from "../lab/lab-context";
import { readFixture } from "../lab/lab-context";
import { step } from "../report/step";
import type { Expectation } from "../wait/expectation";
import { type AccessRequest, allAllowed } from "./access-review";

/**
 * The course's Lab 3.1 objects (fixtures/rbac): Role `read-only` and the RoleBinding
 * giving it to user `dev-user`, and what they grant.
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

export async function readOnlyRole(): Promise<RbacObject> {
  return parse(await readFixture(`rbac/${READ_ONLY_ROLE_FILE}`)) as RbacObject;
}

/** The smallest complete RoleBinding for the course's snippet (which has no names and no apiGroup). */
export async function readOnlyBinding(): Promise<RbacObject> {
  return parse(await readFixture(`rbac/${READ_ONLY_BINDING_FILE}`)) as RbacObject;
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

/** dev-user may get, list and watch the three resources in the lab's namespace (polled: RBAC propagates). */
export function devUserMayRead(lab: LabContext): Expectation {
  return allAllowed(
    lab.kube,
    `${DEV_USER} to get, list and watch pods, deployments and services in ${lab.namespace}`,
    readOnlyRequests(lab.namespace),
  );
}

/** Control switches for the Role (LabContext.isSwitchedOff): M3.1's read verbs, M3.2's absent write. */
export const ROLE_READ_VERBS_SWITCH = "role-read-verbs";
export const ROLE_WITHOUT_WRITE_SWITCH = "role-without-write";

/** The Role as a control wants it: only `list` left (M3.1), or scaling granted too (M3.2). */
export function controlledRole(lab: LabContext, role: RbacObject): RbacObject {
  const rules = (role.rules ?? []) as { verbs: string[]; apiGroups: string[]; resources: string[] }[];
  if (lab.isSwitchedOff(ROLE_READ_VERBS_SWITCH)) {
    return { ...role, rules: rules.map((r) => ({ ...r, verbs: ["list"] })) };
  }
  if (lab.isSwitchedOff(ROLE_WITHOUT_WRITE_SWITCH)) {
    const scale = {
      apiGroups: ["apps"],
      resources: ["deployments/scale"],
      verbs: ["get", "update", "patch"],
    };
    return { ...role, rules: [...rules, scale] };
  }
  return role;
}

/** `kubectl -n grade apply -f` of the Role and the RoleBinding, as the course's Lab 3.1. */
export async function applyReadOnlyRbac(lab: LabContext): Promise<void> {
  await lab.applyManifest(READ_ONLY_ROLE_FILE, controlledRole(lab, await readOnlyRole()), {
    namespaced: true,
  });
  await lab.applyManifest(READ_ONLY_BINDING_FILE, await readOnlyBinding(), { namespaced: true });
}

/** The given of Lab 3.2: Lab 3.1's objects applied and in effect for dev-user. */
export async function readOnlyRbacInEffect(lab: LabContext): Promise<void> {
  await step(`Given: Role read-only bound to ${DEV_USER} in ${lab.namespace}, in effect`, async () => {
    await applyReadOnlyRbac(lab);
    await lab.waitUntil(devUserMayRead(lab), "rbacPropagation");
  });
}
