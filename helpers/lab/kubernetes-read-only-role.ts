import type { CommandTranscript } from "../exec/transcript";
import { subjectAccess } from "../rbac/access-review";
import { type RefusedRequest, refusedAsForbidden } from "../rbac/command-refused";
import {
  DEV_USER,
  devUserMayReadIn,
  type RbacObject,
  READ_ONLY_BINDING_FILE,
  READ_ONLY_ROLE_FILE,
  readOnlyBinding,
  readOnlyRole,
  scaleRequest,
  withDeploymentWritesGranted,
  withOnlyListVerb,
  withScaleGranted,
} from "../rbac/read-only-rbac";
import { step } from "../report/step";
import { allOf, type Expectation } from "../wait/expectation";
import type { LabContext } from "./lab-context";

/**
 * The course's Lab 3.1 in a lab: the Role `read-only` and its RoleBinding for dev-user
 * (helpers/rbac/read-only-rbac.ts) applied in the lab's namespace as the course applies them,
 * and the controls that change the Role.
 */

/** Control switches for the Role (LabContext.isSwitchedOff): M3.1's read verbs, M3.2's absent write. */
export const ROLE_READ_VERBS_SWITCH = "role-read-verbs";
export const ROLE_WITHOUT_WRITE_SWITCH = "role-without-write";
export const ROLE_WITHOUT_DEPLOYMENT_WRITES_SWITCH = "role-without-deployment-writes";

/** dev-user may get, list and watch the three resources in the lab's namespace (polled: RBAC propagates). */
export function devUserMayRead(lab: LabContext): Expectation {
  return devUserMayReadIn(lab.kube, lab.namespace);
}

/** The authorizer answers that dev-user may not scale a Deployment in the lab's namespace (M3.2). */
export function devUserMayNotScale(lab: LabContext): Expectation {
  return subjectAccess(lab.kube, scaleRequest(lab.namespace), false);
}

/** dev-user's command was refused by the API server as Forbidden, for `refused` (a write the Role lacks). */
export function refusedToDevUser(command: CommandTranscript, refused: RefusedRequest): Expectation {
  return refusedAsForbidden(command, DEV_USER, refused);
}

/** The Role as a control wants it: only `list` left (M3.1), or scaling, or the Deployment's writes granted too (M3.2). */
export function controlledRole(lab: LabContext, role: RbacObject): RbacObject {
  if (lab.isSwitchedOff(ROLE_READ_VERBS_SWITCH)) return withOnlyListVerb(role);
  if (lab.isSwitchedOff(ROLE_WITHOUT_WRITE_SWITCH)) return withScaleGranted(role);
  if (lab.isSwitchedOff(ROLE_WITHOUT_DEPLOYMENT_WRITES_SWITCH)) return withDeploymentWritesGranted(role);
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

/** A write a human would make to the app's Deployment, and the request whose refusal proves it blocked. */
interface DevUserWrite {
  transcript: CommandTranscript;
  refused: RefusedRequest;
}

/**
 * The writes besides the course's scale that a human would make, each as dev-user and each
 * skipped with the lab's action under the universal control: a set image (the PATCH a
 * `kubectl edit` sends) and a delete.
 */
export async function devUserTriesOtherWrites(lab: LabContext): Promise<DevUserWrite[]> {
  const writes = [
    {
      what: "kubectl set image as dev-user",
      line: "kubectl -n grade set image deployment/grade-submission-api app=nginx:latest --as dev-user",
      refused: { verb: "patch", resource: "deployments" },
    },
    {
      what: "kubectl delete as dev-user",
      line: "kubectl -n grade delete deployment grade-submission-api --as dev-user",
      refused: { verb: "delete", resource: "deployments" },
    },
  ];
  const tried: DevUserWrite[] = [];
  for (const w of writes)
    tried.push({
      transcript: await lab.kubectlAction(w.what, w.line, { expectFailure: true }),
      refused: w.refused,
    });
  return tried;
}

/** Every one of those writes refused as Forbidden, for its own write request. */
export function everyWriteRefused(writes: readonly DevUserWrite[]): Expectation {
  return allOf(
    `the API server to have refused each of dev-user's ${writes.length} writes as Forbidden`,
    ...writes.map((w) => refusedToDevUser(w.transcript, w.refused)),
  );
}
