import type { V1SubjectAccessReview, V1SubjectAccessReviewStatus } from "@kubernetes/client-node";
import { describeApiError } from "../kube/api-error";
import type { KubeClients } from "../kube/kube-clients";
import { allOf, type Expectation, expectation, pass, pending, type Verdict } from "../wait/expectation";

/**
 * Asking the API server's authorizer what a user may do, as the admin: a
 * SubjectAccessReview runs the same RBAC check a request by that user would meet. RBAC
 * objects reach the authorizer through its informer, so a fresh RoleBinding may still be
 * unknown for a moment: the expectations poll until the answer is the expected one.
 */
export interface AccessRequest {
  user: string;
  namespace: string;
  verb: string;
  /** "" for the core group (pods, services), "apps" for deployments. */
  group: string;
  resource: string;
  subresource?: string;
}

/** "dev-user get pods in m3-1-ab12", "dev-user patch deployments.apps/scale in …". */
export function describeAccess(r: AccessRequest): string {
  const resource = `${r.resource}${r.group ? `.${r.group}` : ""}${r.subresource ? `/${r.subresource}` : ""}`;
  return `${r.user} ${r.verb} ${resource} in ${r.namespace}`;
}

export function accessReviewBody(r: AccessRequest): V1SubjectAccessReview {
  return {
    apiVersion: "authorization.k8s.io/v1",
    kind: "SubjectAccessReview",
    spec: {
      user: r.user,
      resourceAttributes: {
        namespace: r.namespace,
        verb: r.verb,
        group: r.group,
        resource: r.resource,
        ...(r.subresource ? { subresource: r.subresource } : {}),
      },
    },
  };
}

export function accessVerdict(
  r: AccessRequest,
  status: V1SubjectAccessReviewStatus | undefined,
  allowed: boolean,
): Verdict {
  const answer = status?.allowed === true ? "allowed" : "not allowed";
  const why = [status?.reason, status?.evaluationError].filter(Boolean).join("; ");
  const text = `${describeAccess(r)}: ${answer}${why ? ` (${why})` : ""}`;
  return (status?.allowed === true) === allowed ? pass(text) : pending(text);
}

export function subjectAccess(k: KubeClients, r: AccessRequest, allowed: boolean): Expectation {
  return expectation(
    `the authorizer to answer "${describeAccess(r)}": ${allowed ? "allowed" : "not allowed"}`,
    async () => {
      try {
        const review = await k.authz.createSubjectAccessReview({ body: accessReviewBody(r) });
        return accessVerdict(r, review.status, allowed);
      } catch (e) {
        throw new Error(`SubjectAccessReview for ${describeAccess(r)}: ${describeApiError(e)}`);
      }
    },
  );
}

export function allAllowed(
  k: KubeClients,
  description: string,
  requests: readonly AccessRequest[],
): Expectation {
  return allOf(description, ...requests.map((r) => subjectAccess(k, r, true)));
}
