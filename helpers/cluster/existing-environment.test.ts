import { describe, expect, it } from "vitest";
import { installPlan } from "./existing-environment";

describe("a component on an existing cluster", () => {
  it("is used where it runs, installed where nothing of it exists, and never installed over its CRDs", () => {
    expect(installPlan(true, true)).toBe("use");
    expect(installPlan(false, false)).toBe("install");
    expect(installPlan(true, false)).toBe("refuse");
  });
});
