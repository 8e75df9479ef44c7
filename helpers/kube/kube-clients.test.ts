import { describe, expect, it } from "vitest";
import { apiErrorStatus, describeApiError, isNotFound } from "./api-error";
import { kubeConfigFromYaml, makeKubeClients, mergePatch } from "./kube-clients";
import { statusBody, useStubKubeApi } from "./stub-kube-api";

const deploymentPath = "/apis/apps/v1/namespaces/grade/deployments/grade-submission-api";
const deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "grade-submission-api", namespace: "grade", generation: 2 },
  spec: { replicas: 3 },
};
const forbidden =
  'deployments.apps "grade-submission-api" is forbidden: User "dev-user" cannot patch resource "deployments" in API group "apps" in the namespace "grade"';

const stubs = useStubKubeApi();

describe("kube clients", () => {
  it("are built from a kubeconfig YAML string and return bodies directly", async () => {
    const stub = await stubs.start([
      { method: "GET", path: deploymentPath, reply: () => ({ body: deployment }) },
    ]);
    const k = makeKubeClients(stub.kubeconfig);
    const read = await k.apps.readNamespacedDeployment({ namespace: "grade", name: "grade-submission-api" });
    expect(read.spec?.replicas).toBe(3);
    expect(stub.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${deploymentPath}`]);
    expect(Object.keys(k).sort()).toEqual([
      "apiext",
      "apps",
      "authz",
      "core",
      "custom",
      "kc",
      "objects",
      "rbac",
    ]);
  });

  it("refuses a kubeconfig without a current cluster, naming its contexts", () => {
    expect(() => kubeConfigFromYaml("apiVersion: v1\nkind: Config\ncontexts: []\n")).toThrow(
      /has no current cluster .*contexts: none/,
    );
  });
});

describe("mergePatch", () => {
  it("sends application/merge-patch+json, where v2 would default to json-patch", async () => {
    const stub = await stubs.start([
      { method: "PATCH", path: deploymentPath, reply: () => ({ body: deployment }) },
    ]);
    const k = makeKubeClients(stub.kubeconfig);
    const body = { spec: { replicas: 1 } };
    await k.apps.patchNamespacedDeployment(
      { namespace: "grade", name: "grade-submission-api", body },
      mergePatch(),
    );
    await k.apps.patchNamespacedDeployment({ namespace: "grade", name: "grade-submission-api", body });
    expect(stub.requests.map((r) => [r.contentType, r.body])).toEqual([
      ["application/merge-patch+json", body],
      // The pitfall mergePatch exists for: the generated default, which the API server would reject for this body.
      ["application/json-patch+json", body],
    ]);
  });
});

describe("describeApiError", () => {
  it("turns an ApiException (body is a JSON string) into one line: code, reason, message", async () => {
    const stub = await stubs.start([
      { method: "PATCH", path: deploymentPath, reply: () => statusBody(403, "Forbidden", forbidden) },
    ]);
    const k = makeKubeClients(stub.kubeconfig);
    const error = await k.apps
      .patchNamespacedDeployment(
        { namespace: "grade", name: "grade-submission-api", body: { spec: { replicas: 5 } } },
        mergePatch(),
      )
      .catch((e: unknown) => e);
    expect(typeof (error as { body: unknown }).body).toBe("string");
    expect(describeApiError(error)).toBe(`403 Forbidden: ${forbidden}`);
    expect(apiErrorStatus(error)).toEqual({ code: 403, reason: "Forbidden", message: forbidden });
    expect(isNotFound(error)).toBe(false);
  });

  it("falls back to the HTTP reason phrase when there is no Status body (401)", async () => {
    const stub = await stubs.start([
      { method: "GET", path: deploymentPath, reply: () => ({ status: 401, body: undefined }) },
    ]);
    const k = makeKubeClients(stub.kubeconfig);
    const error = await k.apps
      .readNamespacedDeployment({ namespace: "grade", name: "grade-submission-api" })
      .catch((e: unknown) => e);
    expect(describeApiError(error)).toBe("401 Unauthorized");
  });

  it("recognises NotFound", async () => {
    const stub = await stubs.start([]);
    const k = makeKubeClients(stub.kubeconfig);
    const error = await k.apps
      .readNamespacedDeployment({ namespace: "grade", name: "grade-submission-api" })
      .catch((e: unknown) => e);
    expect(isNotFound(error)).toBe(true);
    expect(describeApiError(error)).toMatch(/^404 NotFound: the stub has no route for GET /);
  });

  it("names the socket error when the API server is unreachable", async () => {
    const stub = await stubs.start([]);
    const k = makeKubeClients(stub.kubeconfig);
    await stub.close();
    const error = await k.core.listNamespace().catch((e: unknown) => e);
    expect(describeApiError(error)).toMatch(/ECONNREFUSED/);
  });

  it("keeps other errors to one line", () => {
    expect(describeApiError(new Error("first\n  second"))).toBe("first second");
    expect(describeApiError("plain")).toBe("plain");
  });
});
