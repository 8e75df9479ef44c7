import {
  applyReadOnlyRbac,
  devUserMayRead,
  ROLE_READ_VERBS_SWITCH,
} from "../../helpers/lab/kubernetes-read-only-role";
import { actionSkipped } from "../../helpers/lab/lab-control";
import { allOf, labSpec } from "../../helpers/lab/lab-spec";

labSpec(
  "M3.1",
  "Role read-only and a complete RoleBinding for dev-user let dev-user get, list and watch pods, deployments and services in the lab's namespace",
  async (lab) => {
    await lab.act(
      "kubectl apply of the Role and RoleBinding",
      () => applyReadOnlyRbac(lab),
      () => undefined,
    );

    await lab.waitUntil(
      allOf(
        "Role and RoleBinding exist",
        lab.object("Role", "read-only").present(),
        lab.object("RoleBinding", "dev-user-read-only").present(),
      ),
      "apply",
    );
    await lab.waitUntil(devUserMayRead(lab), "rbacPropagation");
    await lab.kubectl("kubectl -n grade get pods,deployments,services --as dev-user");
  },
  {
    relies: ["kubernetes.rbac-impersonation"],
    controls: [
      actionSkipped("Role and RoleBinding exist"),
      {
        switchedOff: "the Role's get and watch verbs",
        change: { kind: "switch", id: ROLE_READ_VERBS_SWITCH },
        caughtAt: "to get, list and watch",
      },
    ],
    differsFromCourse:
      "The course's RoleBinding snippet has no apiVersion, no metadata.name and no roleRef.apiGroup, so kubectl cannot apply it. The spec applies the smallest complete version (fixtures/rbac/read-only-binding.yaml: RoleBinding dev-user-read-only, apiGroup rbac.authorization.k8s.io on the subject and roleRef). The Role is the course's, in the lab's namespace instead of grade. What dev-user may do is asked of the API server's authorizer (SubjectAccessReview) as the admin, then shown with kubectl --as dev-user.",
  },
);
