import { describe, expect, it } from "vitest";
import { LABS } from "../catalog/lab-catalog";
import { checkLabSelection } from "./lab-selection-check";

describe("the lab selection check", () => {
  it("is OK for every lab or a known subset", () => {
    expect(checkLabSelection({}).detail).toBe(`all ${LABS.length} labs`);
    expect(checkLabSelection({ LAB: "t07" })).toMatchObject({ status: "ok", detail: "T07" });
  });

  it("fails on an unknown ID, listing the valid ones and saying what to do", () => {
    const result = checkLabSelection({ LAB: "T1" });
    expect(result.status).toBe("fail");
    expect(result.detail).toContain("Unknown lab ID in LAB: T1. Valid IDs are T01, T02");
    expect(result.fix).toContain("npm run labs:list");
  });
});
