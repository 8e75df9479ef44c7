import { describe, expect, it } from "vitest";
import { readOnlyPolicyLines } from "../rbac/argocd-policy";
import { fakeArgoCdConfig } from "./fake-argocd-config";
import { isOwnedPolicyLine, sweepOwnedArgoCdConfig, withoutLines } from "./owned-config";
import { addLocalAccount, COURSE_READ_ONLY_ROLE, readOnlyAccountName } from "./read-only-account";

describe("what the suite adds to Argo CD's configuration", () => {
  it("is recognised by name, and nothing a person wrote is", () => {
    const account = readOnlyAccountName("M3.3");
    for (const line of readOnlyPolicyLines(account, COURSE_READ_ONLY_ROLE))
      expect(isOwnedPolicyLine(line)).toBe(true);
    expect(isOwnedPolicyLine("g, alice, role:admin")).toBe(false);
    expect(isOwnedPolicyLine("p, role:readonly, applications, get, *, allow")).toBe(false);
    expect(isOwnedPolicyLine("# gitops-conformance-x")).toBe(false);
  });

  it("removes given lines once each, keeping every other byte", () => {
    expect(withoutLines("a\nb\na\nc", ["a", "c"])).toBe("b\na");
  });

  it("is swept away after a run killed mid-lab, leaving the maps as before that run", async () => {
    const before = {
      cm: { "timeout.reconciliation": "10s", "accounts.alice": "login" },
      rbac: { "policy.csv": "g, alice, role:admin\n", "policy.default": "" },
      secret: { "server.secretkey": "k", "accounts.alice.password": "h" },
    };
    const config = fakeArgoCdConfig(
      { "argocd-cm": { ...before.cm }, "argocd-rbac-cm": { ...before.rbac } },
      {
        ...before.secret,
      },
    );
    // Two killed labs: their undos never run.
    for (const lab of ["M3.3", "M3.4"]) {
      const account = readOnlyAccountName(lab);
      await addLocalAccount(config.scope, account, readOnlyPolicyLines(account, COURSE_READ_ONLY_ROLE));
      config.secret.data = { ...config.secret.data, [`accounts.${account}.password`]: "hash" };
    }
    const { removed } = await sweepOwnedArgoCdConfig(config.scope.core);
    expect(removed).toHaveLength(2 + 1 + 2);
    expect(config.configMaps.get("argocd-cm")?.data).toEqual(before.cm);
    expect(config.configMaps.get("argocd-rbac-cm")?.data).toEqual(before.rbac);
    expect(config.secret.data).toEqual(before.secret);
    expect((await sweepOwnedArgoCdConfig(config.scope.core)).removed).toEqual([]);
  });
});
