import { describe, expect, it } from "vitest";
import {
  READ_ONLY_VERBS,
  readOnlyBinding,
  readOnlyRole,
  withOnlyListVerb,
  withScaleGranted,
} from "./read-only-rbac";

describe("the course's Lab 3.1 objects", () => {
  it("reads the Role and the RoleBinding from fixtures/rbac", async () => {
    const role = await readOnlyRole();
    expect(role).toMatchObject({ kind: "Role", metadata: { name: "read-only" } });
    expect(role.rules).toEqual([
      {
        apiGroups: ["", "apps"],
        resources: ["pods", "deployments", "services"],
        verbs: [...READ_ONLY_VERBS],
      },
    ]);
    expect(await readOnlyBinding()).toMatchObject({ kind: "RoleBinding", roleRef: { name: "read-only" } });
  });
});

describe("the Role as the controls change it", () => {
  it("cuts every rule down to list (M3.1), or adds scaling (M3.2), leaving the Role itself alone", async () => {
    const role = await readOnlyRole();
    const original = structuredClone(role);
    expect(withOnlyListVerb(role).rules).toEqual([
      { apiGroups: ["", "apps"], resources: ["pods", "deployments", "services"], verbs: ["list"] },
    ]);
    expect(withScaleGranted(role).rules).toEqual([
      ...(original.rules as unknown[]),
      { apiGroups: ["apps"], resources: ["deployments/scale"], verbs: ["get", "update", "patch"] },
    ]);
    expect(role).toEqual(original);
  });
});
