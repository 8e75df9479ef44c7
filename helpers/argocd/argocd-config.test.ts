import type { V1ConfigMap } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { changedKeys, restoredConfigMap } from "./argocd-config";

/** argocd-rbac-cm as install.yaml ships it: labels, no data. */
const installed: V1ConfigMap = {
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: {
    name: "argocd-rbac-cm",
    namespace: "argocd",
    resourceVersion: "4711",
    labels: { "app.kubernetes.io/name": "argocd-rbac-cm", "app.kubernetes.io/part-of": "argocd" },
  },
};

describe("restoredConfigMap", () => {
  it("writes back exactly the previous data, keeping metadata and resourceVersion", () => {
    const changed = {
      ...installed,
      metadata: { ...installed.metadata, managedFields: [{ manager: "kubectl-client-side-apply" }] },
      data: { "policy.csv": "p, role:x, applications, get, *, allow" },
    };
    expect(restoredConfigMap(changed, undefined)).toEqual(installed);
    const cm = {
      ...installed,
      data: { "timeout.reconciliation": "10s", "accounts.read-only-m3-3": "login" },
    };
    expect(restoredConfigMap(cm, { "timeout.reconciliation": "10s" })).toEqual({
      ...installed,
      data: { "timeout.reconciliation": "10s" },
    });
  });
});

describe("changedKeys", () => {
  it("names only the keys whose value changes", () => {
    expect(changedKeys({ a: "1", b: "2" }, { a: "1", b: "3", c: "4" })).toEqual(["b", "c"]);
    expect(changedKeys(undefined, { "policy.csv": "x" })).toEqual(["policy.csv"]);
  });
});
