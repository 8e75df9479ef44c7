import type { V1Deployment } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { deploymentSnapshot, unchangedVerdict } from "./deployment-unchanged";

const deployment = (replicas: number, generation: number, uid = "uid-1"): V1Deployment => ({
  metadata: { name: "grade-submission-api", namespace: "m3-2-ab12", generation, uid },
  spec: { replicas, selector: { matchLabels: { app: "grade-submission-api" } }, template: {} },
});

describe("unchangedVerdict", () => {
  const before = deploymentSnapshot(deployment(1, 1));

  it("passes while replicas and generation are as before", () => {
    expect(unchangedVerdict(deployment(1, 1), before)).toEqual({
      state: "pass",
      message: "spec.replicas=1, generation 1 (before: 1, generation 1)",
    });
  });

  it("fails on a scale, and on a scale already undone by self-heal (generation moved twice)", () => {
    expect(unchangedVerdict(deployment(5, 2), before).message).toBe(
      "the Deployment was changed: spec.replicas=5, generation 2 (before: 1, generation 1)",
    );
    expect(unchangedVerdict(deployment(1, 3), before).state).toBe("fail");
    expect(unchangedVerdict(undefined, before)).toEqual({ state: "fail", message: "the Deployment is gone" });
  });

  it("fails on a delete that self-heal already undid: same replicas and generation, another uid", () => {
    expect(unchangedVerdict(deployment(1, 1, "uid-2"), before)).toEqual({
      state: "fail",
      message: "the Deployment was deleted and re-created (uid uid-1 → uid-2)",
    });
  });
});
