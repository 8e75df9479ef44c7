/**
 * The course's labs with their stable IDs, as in the curriculum catalog
 * (`../shared/curriculum/catalog.md`). A self-test checks this table against
 * that file when it is present, and every ID against exactly one spec.
 */
export interface Lab {
  id: string;
  project: string;
  module: string;
  title: string;
}

const P1 = "Project 1: Git vs human";
const P2 = "Project 2: Progressive delivery, Helm and RBAC";
const DRIFT = "Drift and self-healing";
const FAILURE = "Failure, rollback, sync control";
const SAFETY = "Production safety and governance";
const ROLLOUTS = "Module 1: Argo Rollouts";
const HELM = "Module 2: Helm + Argo CD";
const RBAC = "Module 3: RBAC lock-down";

export const LABS: readonly Lab[] = [
  { id: "T01", project: P1, module: DRIFT, title: "Humans cannot change production" },
  { id: "T02", project: P1, module: DRIFT, title: "Manual image change (hotfix attempt)" },
  { id: "T03", project: P1, module: DRIFT, title: "Delete pod manually" },
  { id: "T04", project: P1, module: FAILURE, title: "Break the app via Git" },
  { id: "T05", project: P1, module: FAILURE, title: "Diagnose via the Argo CD UI" },
  { id: "T06", project: P1, module: FAILURE, title: "Roll back using Git only" },
  { id: "T07", project: P1, module: FAILURE, title: "Disable auto-sync (manual mode)" },
  { id: "T08", project: P1, module: SAFETY, title: "Prune (delete via Git)" },
  { id: "T09", project: P1, module: SAFETY, title: "Re-add deployment (recovery)" },
  { id: "T10", project: P1, module: SAFETY, title: "Add a resource via Git only" },
  { id: "T11", project: P1, module: SAFETY, title: "Simulate an unauthorized change" },
  { id: "T12", project: P1, module: SAFETY, title: "Governance: safe hotfix" },
  { id: "M1.1", project: P2, module: ROLLOUTS, title: "Install Argo Rollouts" },
  { id: "M1.2", project: P2, module: ROLLOUTS, title: "Convert Deployment to Rollout via GitOps" },
  { id: "M1.3", project: P2, module: ROLLOUTS, title: "Observe and promote a canary" },
  { id: "M2.1", project: P2, module: HELM, title: "Helm-based GitOps repo" },
  { id: "M2.2", project: P2, module: HELM, title: "Application with a Helm source" },
  { id: "M2.3", project: P2, module: HELM, title: "Change values only" },
  { id: "M3.1", project: P2, module: RBAC, title: "Read-only Kubernetes Role" },
  { id: "M3.2", project: P2, module: RBAC, title: "kubectl is blocked" },
  { id: "M3.3", project: P2, module: RBAC, title: "Argo CD RBAC (app level)" },
  { id: "M3.4", project: P2, module: RBAC, title: "UI restrictions" },
];

export function findLab(id: string): Lab | undefined {
  return LABS.find((lab) => lab.id === id);
}
