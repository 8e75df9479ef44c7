import { describe, expect, it } from "vitest";
import { LABS } from "./lab-catalog";
import { selectedLabIds, specGlobs, UnknownLabError } from "./lab-filter";

describe("LAB filter", () => {
  it("selects every lab when LAB is unset or empty", () => {
    expect(selectedLabIds({})).toHaveLength(LABS.length);
    expect(selectedLabIds({ LAB: " " })).toHaveLength(LABS.length);
  });

  it("selects a subset, case-insensitively, in catalog order", () => {
    expect(selectedLabIds({ LAB: "m1.3, T01" })).toEqual(["T01", "M1.3"]);
    expect(specGlobs(["T01"])).toEqual(["suites/**/T01-*.spec.ts"]);
  });

  it("rejects an unknown ID with a message listing the valid ones", () => {
    expect(() => selectedLabIds({ LAB: "T01,T13" })).toThrow(UnknownLabError);
    expect(() => selectedLabIds({ LAB: "T13" })).toThrow(
      /^Unknown lab ID in LAB: T13\. Valid IDs are T01, T02, .*, M3\.4; separate several with commas, e\.g\. LAB=T01,M1\.3\.$/,
    );
  });

  it("ignores a trailing comma or spaces around IDs, and refuses a LAB that names no lab at all", () => {
    expect(selectedLabIds({ LAB: "T01," })).toEqual(["T01"]);
    expect(selectedLabIds({ LAB: " m1.3 , t01 " })).toEqual(["T01", "M1.3"]);
    expect(() => selectedLabIds({ LAB: " , " })).toThrow(/Unknown lab ID in LAB: ","/);
  });
});

describe("LAB filter, what it says", () => {
  it("names only the unknown IDs, in the plural when there are several", () => {
    const error = (() => {
      try {
        selectedLabIds({ LAB: "T01,T13" });
      } catch (e) {
        return e as UnknownLabError;
      }
    })();
    expect(error?.name).toBe("UnknownLabError");
    expect(error?.unknown).toEqual(["T13"]);
    expect(error?.message).toMatch(/^Unknown lab ID in LAB: T13\. /);
    expect(() => selectedLabIds({ LAB: "T13,X9" })).toThrow(/^Unknown lab IDs in LAB: T13, X9\. /);
  });

  it("runs every lab, in catalog order, once each", () => {
    expect(selectedLabIds({})).toEqual(LABS.map((l) => l.id));
    expect(selectedLabIds({ LAB: "t01,T01" })).toEqual(["T01"]);
  });
});
