import { describe, expect, it } from "vitest";
import { changedOnlyVerdict, commitChangedOnly } from "./commit-touches";

describe("changedOnlyVerdict", () => {
  it("passes when the commit changed exactly the given paths", () => {
    expect(changedOnlyVerdict(["chart/values.yaml"], ["chart/values.yaml"])).toEqual({
      state: "pass",
      message: "changed: chart/values.yaml",
    });
  });

  it("fails on a template touched as well, or the expected file untouched", () => {
    expect(
      changedOnlyVerdict(["chart/templates/rollout.yaml", "chart/values.yaml"], ["chart/values.yaml"])
        .message,
    ).toBe(
      "changed: chart/templates/rollout.yaml, chart/values.yaml; also changed chart/templates/rollout.yaml",
    );
    expect(changedOnlyVerdict([], ["chart/values.yaml"]).message).toBe(
      "changed: nothing; did not change chart/values.yaml",
    );
  });

  it("is read from the repo's commit", async () => {
    const repo = { changedFiles: async (sha: string) => (sha === "abc1234def" ? ["chart/values.yaml"] : []) };
    const exp = commitChangedOnly(repo, "abc1234def", ["chart/values.yaml"]);
    expect(exp.description).toBe("commit abc1234 to change only chart/values.yaml");
    expect((await exp.check()).state).toBe("pass");
  });
});
