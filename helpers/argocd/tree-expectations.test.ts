import { describe, expect, it } from "vitest";
import type { ApplicationTree, ResourceNode } from "./application-types";
import { ownerInTreeVerdict } from "./tree-expectations";

const rollout: ResourceNode = {
  group: "argoproj.io",
  kind: "Rollout",
  name: "grade-submission-api",
  namespace: "grade",
  uid: "ro-1",
  health: { status: "Suspended", message: "CanaryPauseStep" },
};
const rs = (hash: string, uid: string): ResourceNode => ({
  group: "apps",
  kind: "ReplicaSet",
  name: `grade-submission-api-${hash}`,
  uid,
  parentRefs: [
    { group: "argoproj.io", kind: "Rollout", name: "grade-submission-api", namespace: "grade", uid: "ro-1" },
  ],
  health: { status: "Healthy" },
});
const pod = (owner: ResourceNode, suffix: string): ResourceNode => ({
  kind: "Pod",
  name: `${owner.name}-${suffix}`,
  uid: `${owner.uid}-${suffix}`,
  parentRefs: [{ group: "apps", kind: "ReplicaSet", name: owner.name, uid: owner.uid }],
  health: { status: "Healthy" },
});

const stable = rs("6b8f9c7d5d", "rs-stable");
const canary = rs("7c94d6f8b4", "rs-canary");
const want = { kind: "ReplicaSet", atLeast: 2 };
const owner = { kind: "Rollout", name: "grade-submission-api" };

describe("ownerInTreeVerdict (the Rollout and its ReplicaSets in Argo CD's tree)", () => {
  it("passes with a stable and a canary ReplicaSet, each with pods, under the Rollout", () => {
    const tree: ApplicationTree = {
      nodes: [rollout, stable, canary, pod(stable, "a"), pod(stable, "b"), pod(canary, "c")],
    };
    expect(ownerInTreeVerdict(tree, owner, want)).toMatchObject({
      state: "pass",
      message: expect.stringMatching(
        /^Rollout grade\/grade-submission-api Suspended with 2 ReplicaSet\(s\), 2 of them with pods: /,
      ),
    });
  });

  it("does not count a ReplicaSet scaled to zero, nor one owned by something else", () => {
    const foreign = {
      ...rs("5d4c3b2a19", "rs-foreign"),
      parentRefs: [{ kind: "Deployment", name: "x", uid: "d-1" }],
    };
    const tree: ApplicationTree = {
      nodes: [rollout, stable, canary, foreign, pod(stable, "a"), pod(foreign, "z")],
    };
    expect(ownerInTreeVerdict(tree, owner, want)).toMatchObject({
      state: "pending",
      message: expect.stringMatching(/with 2 ReplicaSet\(s\), 1 of them with pods/),
    });
  });

  it("is pending, listing the nodes, while the Rollout is not in the tree", () => {
    expect(ownerInTreeVerdict({ nodes: [stable] }, owner, want).message).toBe(
      "no Rollout/grade-submission-api node yet; the tree: ReplicaSet grade-submission-api-6b8f9c7d5d Healthy",
    );
    expect(ownerInTreeVerdict({}, owner, want).message).toMatch(/an empty tree$/);
  });
});
