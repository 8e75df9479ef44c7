import { describe, expect, it } from "vitest";
import { makeKubeClients } from "../kube/kube-clients";
import { useStubKubeApi } from "../kube/stub-kube-api";
import { accessReviewBody, accessVerdict, describeAccess, subjectAccess } from "./access-review";
import { readOnlyRequests } from "./read-only-rbac";

const scale = {
  user: "dev-user",
  namespace: "m3-2-ab12",
  verb: "patch",
  group: "apps",
  resource: "deployments",
  subresource: "scale",
};

describe("access reviews for dev-user", () => {
  it("cover get, list and watch on pods, deployments.apps and services", () => {
    expect(readOnlyRequests("m3-1-ab12").map(describeAccess)).toEqual([
      "dev-user get pods in m3-1-ab12",
      "dev-user list pods in m3-1-ab12",
      "dev-user watch pods in m3-1-ab12",
      "dev-user get deployments.apps in m3-1-ab12",
      "dev-user list deployments.apps in m3-1-ab12",
      "dev-user watch deployments.apps in m3-1-ab12",
      "dev-user get services in m3-1-ab12",
      "dev-user list services in m3-1-ab12",
      "dev-user watch services in m3-1-ab12",
    ]);
  });

  it("send the request's attributes as a SubjectAccessReview", () => {
    expect(accessReviewBody(scale)).toEqual({
      apiVersion: "authorization.k8s.io/v1",
      kind: "SubjectAccessReview",
      spec: {
        user: "dev-user",
        resourceAttributes: {
          namespace: "m3-2-ab12",
          verb: "patch",
          group: "apps",
          resource: "deployments",
          subresource: "scale",
        },
      },
    });
  });

  it("pass when the answer is the expected one, and stay pending otherwise (RBAC still propagating)", () => {
    const [get] = readOnlyRequests("m3-1-ab12");
    if (!get) throw new Error("no request");
    const allowed = {
      allowed: true,
      reason:
        'RBAC: allowed by RoleBinding "dev-user-read-only/m3-1-ab12" of Role "read-only" to User "dev-user"',
    };
    expect(accessVerdict(get, allowed, true)).toEqual({
      state: "pass",
      message: `dev-user get pods in m3-1-ab12: allowed (${allowed.reason})`,
    });
    expect(accessVerdict(get, { allowed: false }, true).state).toBe("pending");
    expect(accessVerdict(scale, { allowed: false }, false)).toEqual({
      state: "pass",
      message: "dev-user patch deployments.apps/scale in m3-2-ab12: not allowed",
    });
  });
});

describe("subjectAccess against a stub API server", () => {
  const stubs = useStubKubeApi();

  it("creates a SubjectAccessReview and reads its status", async () => {
    const stub = await stubs.start([
      {
        method: "POST",
        path: "/apis/authorization.k8s.io/v1/subjectaccessreviews",
        reply: (r) => ({ status: 201, body: { ...(r.body as object), status: { allowed: false } } }),
      },
    ]);
    const exp = subjectAccess(makeKubeClients(stub.kubeconfig), scale, false);
    expect(exp.description).toBe(
      'the authorizer to answer "dev-user patch deployments.apps/scale in m3-2-ab12": not allowed',
    );
    expect((await exp.check()).state).toBe("pass");
    expect(stub.requests[0]?.body).toEqual(accessReviewBody(scale));
  });
});
