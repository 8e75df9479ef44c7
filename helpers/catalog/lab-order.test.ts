import { describe, expect, it } from "vitest";
import { LABS } from "./lab-catalog";
import { LAB_SECONDS, labIdOfFile, longestFirst } from "./lab-order";

describe("the labs' order", () => {
  it("has an estimate for every lab in the catalog, and none for a lab it lacks", () => {
    expect(Object.keys(LAB_SECONDS).sort()).toEqual(LABS.map((l) => l.id).sort());
  });

  it("reads the lab ID from a spec file's name", () => {
    expect(labIdOfFile("/x/suites/project2/M1.3-observe-and-promote-a-canary.spec.ts")).toBe("M1.3");
    expect(labIdOfFile("suites/project1/T01-self-heal.spec.ts")).toBe("T01");
  });

  it("starts the longest first, for the labs or for their controls", () => {
    const files = ["a/T01-x.spec.ts", "a/T12-y.spec.ts", "a/T07-z.spec.ts"];
    expect(longestFirst(files, (f) => f, "lab").map(labIdOfFile)).toEqual(["T07", "T01", "T12"]);
    expect(longestFirst(files, (f) => f, "controls").map(labIdOfFile)).toEqual(["T12", "T07", "T01"]);
  });

  it("has the CI labs take turns with the others", () => {
    const files = ["T04", "T05", "T06", "T02", "T07", "M1.3"].map((id) => `a/${id}-x.spec.ts`);
    expect(longestFirst(files, (f) => f, "lab").map(labIdOfFile)).toEqual([
      "M1.3",
      "T07",
      "T05",
      "T02",
      "T04",
      "T06",
    ]);
  });

  it("puts a file it has no estimate for first", () => {
    expect(longestFirst(["a/T02-x.spec.ts", "a/Z9-new.spec.ts"], (f) => f, "lab")[0]).toBe(
      "a/Z9-new.spec.ts",
    );
  });
});
