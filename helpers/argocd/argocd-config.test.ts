import { describe, expect, it } from "vitest";
import { changedKeys, forgetAccountSecretsOnClose, patchArgoCdConfigMap, undoPatch } from "./argocd-config";
import { fakeArgoCdConfig } from "./fake-argocd-config";

describe("undoPatch", () => {
  it("puts back a key still as the lab wrote it, and removes one that was not there", () => {
    const written = { "accounts.gitops-conformance-x": "login", "timeout.reconciliation": "5s" };
    const before = { "timeout.reconciliation": "10s" };
    expect(undoPatch(before, written, { ...written, other: "1" })).toEqual({
      "accounts.gitops-conformance-x": null,
      "timeout.reconciliation": "10s",
    });
  });

  it("keeps an edit someone made meanwhile, taking out only the lines the lab added", () => {
    const before = { "policy.csv": "g, alice, role:admin" };
    const written = { "policy.csv": "g, alice, role:admin\np, role:a, applications, get, *, allow\n" };
    const current = {
      "policy.csv": "g, alice, role:admin\np, role:a, applications, get, *, allow\ng, bob, role:admin\n",
    };
    expect(undoPatch(before, written, current)).toEqual({
      "policy.csv": "g, alice, role:admin\ng, bob, role:admin\n",
    });
    // A single-valued key someone else changed is theirs now.
    expect(undoPatch({}, { "accounts.x": "login" }, { "accounts.x": "login, apiKey" })).toEqual({});
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

  it("restores policy.csv byte for byte, and leaves an edit made meanwhile in place", async () => {
    const config = fakeArgoCdConfig({ "argocd-rbac-cm": { "policy.csv": "g, alice, role:admin" } });
    await patchArgoCdConfigMap(config.scope, "argocd-rbac-cm", (before) => ({
      "policy.csv": `${before?.["policy.csv"]}\ng, gitops-conformance-x, role:readonly\n`,
    }));
    await config.close();
    expect(config.configMaps.get("argocd-rbac-cm")?.data).toEqual({ "policy.csv": "g, alice, role:admin" });

    await patchArgoCdConfigMap(config.scope, "argocd-rbac-cm", (before) => ({
      "policy.csv": `${before?.["policy.csv"]}\ng, gitops-conformance-x, role:readonly\n`,
    }));
    const map = config.configMaps.get("argocd-rbac-cm");
    if (map?.data) map.data["policy.csv"] += "g, bob, role:admin\n";
    await config.close();
    expect(config.configMaps.get("argocd-rbac-cm")?.data).toEqual({
      "policy.csv": "g, alice, role:admin\ng, bob, role:admin\n",
    });
  });

  it("fails, naming the map, when the restore cannot be written", async () => {
    const config = fakeArgoCdConfig({ "argocd-cm": {} });
    await patchArgoCdConfigMap(config.scope, "argocd-cm", { "accounts.gitops-conformance-x": "login" });
    config.scope.core.patchNamespacedConfigMap = async () => {
      throw Object.assign(new Error("Forbidden"), { code: 403, body: "forbidden" });
    };
    await expect(config.close()).rejects.toThrow(/argocd-cm could not be restored after lab M3\.3: 403/);
  });

  it("refuses to edit once the lane is no longer held", async () => {
    const config = fakeArgoCdConfig({ "argocd-cm": {} });
    const scope = {
      ...config.scope,
      assertHeld: () => {
        throw new Error("lost the lane");
      },
    };
    await expect(patchArgoCdConfigMap(scope, "argocd-cm", { a: "b" })).rejects.toThrow("lost the lane");
    expect(config.configMaps.get("argocd-cm")?.data).toEqual({});
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
