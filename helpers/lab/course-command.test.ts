import { describe, expect, it } from "vitest";
import { courseKubectlArgs } from "./course-command";
import { labNamespace } from "./lab-names";

describe("the course's commands, run in a lab's namespace", () => {
  it("substitutes the lab's namespace for grade and keeps every other word", () => {
    expect(
      courseKubectlArgs("kubectl -n grade scale deployment grade-submission-api --replicas=3", "t01-ab12"),
    ).toEqual(["-n", "t01-ab12", "scale", "deployment", "grade-submission-api", "--replicas=3"]);
    expect(
      courseKubectlArgs("kubectl delete pod -l app=grade-submission-api --namespace=grade", "t03-x"),
    ).toEqual(["delete", "pod", "-l", "app=grade-submission-api", "--namespace=t03-x"]);
  });

  it("refuses what is not a kubectl command", () => {
    expect(() => courseKubectlArgs("git revert abc", "x")).toThrow("Not a kubectl command: git revert abc");
  });

  it("names a lab's namespace after its ID and the run", () => {
    expect(labNamespace("T01", "ab12cd34")).toBe("t01-ab12cd34");
    expect(labNamespace("M1.3", "ab12cd34")).toBe("m1-3-ab12cd34");
    expect(labNamespace("T01", "ab12cd34", 1)).toBe("t01-ab12cd34-r1");
  });
});
