import { describe, expect, it } from "vitest";
import { ArgoCdApiError } from "./argocd-api-error";
import { fakeArgoCdConfig } from "./fake-argocd-config";
import { withoutOwnedLines } from "./owned-config";
import {
  addLocalAccount,
  loggedInAs,
  passwordSet,
  readOnlyAccountName,
  withPolicyLines,
} from "./read-only-account";

const change = { name: "read-only-m3-3", newPassword: "n3w-password-x", currentPassword: "admin-password" };
const request = { method: "PUT", path: "/api/v1/account/password", username: "admin" };

describe("readOnlyAccountName", () => {
  it("gives each lab its own account, a valid argocd-cm key part", () => {
    expect(readOnlyAccountName("M3.3")).toBe("gitops-conformance-ro-m3-3");
    expect(readOnlyAccountName("M3.4")).toBe("gitops-conformance-ro-m3-4");
    expect(readOnlyAccountName("M3.3", "m3-3-ab12cd34")).toBe("gitops-conformance-ro-m3-3");
    expect(readOnlyAccountName("M3.3", "m3-3-ab12cd34-r1")).toBe("gitops-conformance-ro-m3-3-r1");
    // Argo CD's login limit, seen on a real cluster: a retry's name still fits.
    expect(Buffer.byteLength(readOnlyAccountName("M3.4", "m3-4-ab12cd34-r12"))).toBeLessThanOrEqual(32);
    expect(() => readOnlyAccountName("M3.4-a-much-longer-lab")).toThrow(/longer than Argo CD's 32 bytes/);
  });
});

describe("withPolicyLines", () => {
  it("appends to an existing policy.csv, or starts one, and taking the lines out gives the text back", () => {
    expect(withPolicyLines(undefined, ["p, a", "g, b"])).toBe("\np, a\ng, b");
    for (const before of ["g, alice, role:admin", "g, alice, role:admin\n", "g, alice, role:admin\n\n"]) {
      const lines = [
        "p, role:gitops-conformance-x, applications, get, *, allow",
        "g, gitops-conformance-y, role:x",
      ];
      const written = withPolicyLines(before, lines);
      expect(written).toBe(`${before}\n${lines.join("\n")}`);
      expect(withoutOwnedLines(written)).toBe(before);
    }
    expect(withoutOwnedLines(withPolicyLines(undefined, ["g, gitops-conformance-y, role:x"]))).toBeNull();
  });
});

describe("passwordSet", () => {
  it("waits while argocd-server does not know the account yet, then passes", async () => {
    const answers: unknown[] = [
      new ArgoCdApiError(
        request,
        404,
        "failed to update account password: account 'read-only-m3-3' does not exist",
        5,
      ),
    ];
    const admin = {
      updatePassword: async () => {
        const next = answers.shift();
        if (next) throw next;
      },
    };
    const exp = passwordSet(admin, change);
    expect(exp.description).toBe("Argo CD to accept a password for account read-only-m3-3");
    expect((await exp.check()).state).toBe("pending");
    expect(await exp.check()).toEqual({ state: "pass", message: "password of read-only-m3-3 set" });
  });

  it("fails at once on any other refusal (a wrong admin password would count towards the lock-out)", async () => {
    const admin = {
      updatePassword: () =>
        Promise.reject(new ArgoCdApiError(request, 400, "current password does not match", 3)),
    };
    expect((await passwordSet(admin, change).check()).state).toBe("fail");
  });
});

describe("loggedInAs", () => {
  it("passes on the account's own session, and fails at once on a refused login", async () => {
    const ok = {
      username: "read-only-m3-3",
      userInfo: async () => ({ loggedIn: true, username: "read-only-m3-3", iss: "argocd" }),
    };
    expect(await loggedInAs(ok).check()).toEqual({
      state: "pass",
      message: "logged in as read-only-m3-3 (issuer argocd)",
    });
    const refused = {
      username: "read-only-m3-3",
      userInfo: () =>
        Promise.reject(
          new ArgoCdApiError(
            { method: "POST", path: "/api/v1/session", username: "read-only-m3-3" },
            401,
            "Invalid username or password",
            16,
          ),
        ),
    };
    expect((await loggedInAs(refused).check()).state).toBe("fail");
  });
});

describe("addLocalAccount", () => {
  it("gives the account a login and appends its policy lines, and undoes both on close", async () => {
    const rbacBefore = { "policy.csv": "g, alice, role:admin\n", "policy.default": "" };
    const config = fakeArgoCdConfig({ "argocd-cm": {}, "argocd-rbac-cm": rbacBefore });
    const lines = ["p, role:r, applications, sync, */*, deny", "g, read-only-m3-3, role:r"];
    await addLocalAccount(config.scope, "read-only-m3-3", lines);
    expect(config.configMaps.get("argocd-cm")?.data).toEqual({ "accounts.read-only-m3-3": "login" });
    expect(config.configMaps.get("argocd-rbac-cm")?.data).toEqual({
      "policy.csv": `g, alice, role:admin\n\n${lines.join("\n")}`,
      "policy.default": "",
    });
    config.secret.data = { ...config.secret.data, "accounts.read-only-m3-3.password": "hash" };
    await config.close();
    // The API server drops an emptied data map, as the fake does.
    expect(config.configMaps.get("argocd-cm")?.data).toBeUndefined();
    expect(config.configMaps.get("argocd-rbac-cm")?.data).toEqual(rbacBefore);
    expect(config.secret.data).toEqual({});
  });
});
