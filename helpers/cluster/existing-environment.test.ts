import { KubeConfig } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { currentContextOnly, installPlan } from "./existing-environment";

describe("a component on an existing cluster", () => {
  it("is used where it runs, installed where nothing of it exists, and never installed over its CRDs", () => {
    expect(installPlan(true, true)).toBe("use");
    expect(installPlan(false, false)).toBe("install");
    expect(installPlan(true, false)).toBe("refuse");
  });
});

describe("the run's copy of the kubeconfig", () => {
  it("holds only the current context, its cluster and its user", () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        { name: "test", server: "https://test:6443", skipTLSVerify: false },
        { name: "prod", server: "https://prod:6443", skipTLSVerify: false },
      ],
      users: [
        { name: "tester", token: "test-token" },
        { name: "admin", token: "prod-token" },
      ],
      contexts: [
        { name: "test", cluster: "test", user: "tester" },
        { name: "prod", cluster: "prod", user: "admin" },
      ],
      currentContext: "test",
    });
    const exported = currentContextOnly(kc).exportConfig();
    expect(exported).toContain("test-token");
    expect(exported).not.toContain("prod");
  });
});
