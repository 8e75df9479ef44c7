import { GradeApiApp, TWO_RECONCILIATIONS_MS } from "../../helpers/lab/grade-api-app";
import {
  devUserMayNotScale,
  devUserTriesOtherWrites,
  everyWriteRefused,
  ROLE_WITHOUT_DEPLOYMENT_WRITES_SWITCH,
  ROLE_WITHOUT_WRITE_SWITCH,
  readOnlyRbacInEffect,
  refusedToDevUser,
} from "../../helpers/lab/kubernetes-read-only-role";
import { actionSkipped } from "../../helpers/lab/lab-control";
import { labSpec } from "../../helpers/lab/lab-spec";

labSpec(
  "M3.2",
  "as dev-user, every write a human would make to the Deployment (the course's kubectl scale to 5 replicas, a set image, a delete) is refused as Forbidden and the Deployment stays unchanged",
  async (lab) => {
    const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune" });
    await readOnlyRbacInEffect(lab);
    const before = await app.deployment.snapshot();

    const scale = await lab.kubectlAction(
      "kubectl scale as dev-user",
      "kubectl -n grade scale deployment grade-submission-api --replicas=5 --as dev-user",
      { expectFailure: true },
    );
    const otherWrites = await devUserTriesOtherWrites(lab);

    await lab.waitUntil(refusedToDevUser(scale, { verb: "patch", resource: "deployments/scale" }));
    await lab.waitUntil(everyWriteRefused(otherWrites));
    await lab.hold(app.deployment.unchanged(before), {
      // Two reconciles at the suite's 10 s period (argocd.reconciliation-timeout): a span of
      // real time, so never scaled down with the waits.
      windowMs: TWO_RECONCILIATIONS_MS,
      unscaled: true,
      after: devUserMayNotScale(lab),
    });
  },
  {
    relies: [
      "argocd.reconciliation-timeout",
      "kubernetes.rbac-impersonation",
      "kubectl.scale-subresource",
      "argocd.self-heal",
    ],
    controls: [
      actionSkipped("Forbidden"),
      {
        switchedOff: "the Role's lack of a write verb (it grants scaling)",
        change: { kind: "switch", id: ROLE_WITHOUT_WRITE_SWITCH },
        caughtAt: "Forbidden",
      },
      {
        switchedOff: "the Role's lack of the Deployment's writes (it grants update, patch and delete)",
        change: { kind: "switch", id: ROLE_WITHOUT_DEPLOYMENT_WRITES_SWITCH },
        caughtAt: "Forbidden",
      },
    ],
    differsFromCourse:
      'The course runs the command as a dev-user who has only the read-only Role; the spec runs the same command as the cluster admin impersonating dev-user (--as dev-user), after Lab 3.1\'s Role and RoleBinding are applied and in effect (checked with an access review, so the refusal is the Role\'s doing, not a binding not yet seen). The course says "Error: forbidden"; kubectl prints "Error from server (Forbidden): …". Beyond the course\'s scale, the spec tries the other writes a human would make, each as dev-user: a set image (the PATCH a kubectl edit sends) and a delete. Only the refused write counts: kubectl reads the Deployment first, and each line must say dev-user cannot patch resource "deployments/scale", patch resource "deployments", or delete resource "deployments". Kubernetes RBAC has no deny: the Role simply grants no write. Course erratum: by Module 3 the course\'s app is a Rollout (Module 1), so the course\'s `kubectl scale deployment` as dev-user answers NotFound, not Forbidden; the spec scales the Deployment this lab deploys. Replicas unchanged is checked strictly: the Deployment\'s generation does not move, which also rules out a scale Argo CD\'s self-heal undid at once.',
  },
);
