import type { V1ConfigMap } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import {
  changedKeys,
  forgetAccountSecretsOnClose,
  patchArgoCdConfigMap,
  restoredConfigMap,
} from "./argocd-config";
import { fakeArgoCdConfig } from "./fake-argocd-config";

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

describe("patchArgoCdConfigMap", () => {
  it("merges the change in, returns the data before, and puts exactly that back on close", async () => {
    const config = fakeArgoCdConfig({ "argocd-cm": { "timeout.reconciliation": "10s" } });
    const before = await patchArgoCdConfigMap(config.scope, "argocd-cm", { "accounts.alice": "login" });
    expect(before).toEqual({ "timeout.reconciliation": "10s" });
    expect(config.configMaps.get("argocd-cm")?.data).toEqual({
      "timeout.reconciliation": "10s",
      "accounts.alice": "login",
    });
    await config.close();
    expect(config.configMaps.get("argocd-cm")?.data).toEqual({ "timeout.reconciliation": "10s" });
  });

  it("computes the change from the data before, and restores a map that had none to none", async () => {
    const config = fakeArgoCdConfig({ "argocd-rbac-cm": undefined });
    await patchArgoCdConfigMap(config.scope, "argocd-rbac-cm", (before) => ({
      "policy.csv": `${before?.["policy.csv"] ?? ""}g, alice, role:readonly\n`,
    }));
    expect(config.configMaps.get("argocd-rbac-cm")?.data).toEqual({
      "policy.csv": "g, alice, role:readonly\n",
    });
    await config.close();
    expect(config.configMaps.get("argocd-rbac-cm")?.data).toBeUndefined();
  });
});

describe("forgetAccountSecretsOnClose", () => {
  it("removes on close only the account's keys that were added after it was called", async () => {
    const config = fakeArgoCdConfig({}, { "accounts.alice.password": "old", "server.secretkey": "k" });
    await forgetAccountSecretsOnClose(config.scope, "alice");
    config.secret.data = {
      ...config.secret.data,
      "accounts.alice.passwordMtime": "now",
      "accounts.bob.x": "y",
    };
    await config.close();
    expect(config.secret.data).toEqual({
      "accounts.alice.password": "old",
      "server.secretkey": "k",
      "accounts.bob.x": "y",
    });
  });
});
