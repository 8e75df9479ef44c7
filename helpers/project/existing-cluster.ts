import { SettingError } from "./setting-error";

/**
 * LAB_CLUSTER=existing runs the labs on the current KUBECONFIG context, which may be anyone's
 * cluster. The suite changes that cluster, so it needs a yes that names the context: a run
 * against any other context (a `kubectl config use-context` since, a KUBECONFIG of another
 * shell) stops before touching it.
 */
export const EXISTING_CONTEXT_ENV = "LAB_EXISTING_CONTEXT";

/** What a run changes on an existing cluster, as the doctor and the README say it. */
export const CHANGES_ON_AN_EXISTING_CLUSTER = [
  "installs Argo CD (namespace argocd) and Argo Rollouts (namespace argo-rollouts) with their cluster-wide CRDs, ClusterRoles and bindings, only where they are absent, and refuses where their CRDs exist without them",
  "creates a namespace per lab, Applications, repository Secrets, a run record ConfigMap and a Lease in argocd, and removes them at the end (a killed run's are removed by the next run from this machine)",
  "adds, for M3.3 and M3.4, accounts and policy lines to argocd-cm and argocd-rbac-cm and password keys to argocd-secret, all named gitops-conformance-*, and takes out exactly those again",
  "loads the course app's image into the cluster with LAB_IMAGE_IMPORT_COMMAND",
];

/** Throws a SettingError unless the user named `currentContext` in LAB_EXISTING_CONTEXT. */
export function requireExistingOptIn(
  currentContext: string,
  server: string,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const named = env[EXISTING_CONTEXT_ENV]?.trim() ?? "";
  if (named === currentContext) return;
  const what = `LAB_CLUSTER=existing would run the labs on context "${currentContext}" (${server}), and the suite changes that cluster: it ${CHANGES_ON_AN_EXISTING_CLUSTER.join("; it ")}.`;
  const problem =
    named === ""
      ? `${what} ${EXISTING_CONTEXT_ENV} is not set, so nothing says this is a cluster for tests.`
      : `${what} ${EXISTING_CONTEXT_ENV} names "${named}" instead, so this is not the cluster you said yes to.`;
  throw new SettingError(
    EXISTING_CONTEXT_ENV,
    problem,
    `If "${currentContext}" is a cluster for tests, set ${EXISTING_CONTEXT_ENV}=${currentContext}; otherwise switch context (kubectl config use-context) or unset LAB_CLUSTER to run on a k3s of its own in Docker.`,
  );
}
