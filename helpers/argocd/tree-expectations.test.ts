import { describe, expect, it } from "vitest";
import type { ApplicationTree, ResourceNode } from "./application-types";
import { ownerInTreeVerdict, rolloutInTree } from "./tree-expectations";

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

describe("ownerInTreeVerdict, in detail", () => {
  it("says which ReplicaSets run pods, and passes from exactly `atLeast` of them", () => {
    const tree: ApplicationTree = { nodes: [rollout, stable, canary, pod(stable, "a"), pod(canary, "c")] };
    const verdict = ownerInTreeVerdict(tree, owner, want);
    expect(verdict.state).toBe("pass");
    expect(verdict.message).toMatch(
      /with 2 ReplicaSet\(s\), 2 of them with pods: grade-submission-api-6b8f9c7d5d, grade-submission-api-7c94d6f8b4; the tree: /,
    );
    expect(ownerInTreeVerdict(tree, owner, { kind: "ReplicaSet", atLeast: 3 }).state).toBe("pending");
    expect(ownerInTreeVerdict({ nodes: [rollout, stable] }, owner, want).message).toMatch(
      /with 1 ReplicaSet\(s\), 0 of them with pods: none; /,
    );
  });

  it("matches owners by uid when both sides have one, by kind and name otherwise", () => {
    // Same kind and name but another uid: a Rollout deleted and re-created, whose old ReplicaSet is not its own.
    const orphan = {
      ...rs("5d4c3b2a19", "rs-orphan"),
      parentRefs: [{ kind: "Rollout", name: "grade-submission-api", uid: "ro-0" }],
    };
    // No uid on the reference: kind and name decide.
    const byName = {
      ...rs("6c5d4e3f2a", "rs-by-name"),
      parentRefs: [{ kind: "Rollout", name: "grade-submission-api" }],
    };
    const otherKind = {
      ...rs("7d6e5f4a3b", "rs-other"),
      parentRefs: [{ kind: "Deployment", name: "grade-submission-api" }],
    };
    const tree: ApplicationTree = {
      nodes: [rollout, orphan, byName, otherKind, pod(orphan, "a"), pod(byName, "b"), pod(otherKind, "c")],
    };
    expect(ownerInTreeVerdict(tree, owner, { kind: "ReplicaSet", atLeast: 1 }).message).toMatch(
      /with 1 ReplicaSet\(s\), 1 of them with pods: grade-submission-api-6c5d4e3f2a;/,
    );
  });

  it("counts only pods as a ReplicaSet's running pods", () => {
    const notAPod = { ...pod(stable, "x"), kind: "Service" };
    const tree: ApplicationTree = { nodes: [rollout, stable, notAPod] };
    expect(ownerInTreeVerdict(tree, owner, { kind: "ReplicaSet", atLeast: 1 }).state).toBe("pending");
  });
});

describe("rolloutInTree", () => {
  it("reads the app's resource tree from the API and says what it waits for", async () => {
    const asked: string[] = [];
    const api = {
      username: "admin",
      resourceTree: async (name: string): Promise<ApplicationTree> => {
        asked.push(name);
        return { nodes: [rollout, stable, canary, pod(stable, "a"), pod(canary, "c")] };
      },
    };
    const exp = rolloutInTree(api, "m1-3-grade-api", "grade-submission-api", 2);
    expect(exp.description).toBe(
      "Argo CD's resource tree of m1-3-grade-api to show Rollout grade-submission-api with 2 ReplicaSets running pods",
    );
    expect((await exp.check()).state).toBe("pass");
    expect(asked).toEqual(["m1-3-grade-api"]);
    expect((await rolloutInTree(api, "m1-3-grade-api", "other", 2).check()).state).toBe("pending");
  });
});

describe("ownerInTreeVerdict, which nodes count", () => {
  it("counts a ReplicaSet with several owners, only nodes of the asked kind, and only the named owner", () => {
    const twoOwners = {
      ...rs("1a2b3c4d5e", "rs-two-owners"),
      parentRefs: [{ kind: "Deployment", name: "x", uid: "d-1" }, ...(stable.parentRefs ?? [])],
    };
    const analysis: ResourceNode = {
      kind: "AnalysisRun",
      name: "ar",
      uid: "ar-1",
      parentRefs: stable.parentRefs,
    };
    const otherName = {
      ...rs("2b3c4d5e6f", "rs-other-name"),
      parentRefs: [{ kind: "Rollout", name: "other" }],
    };
    const tree: ApplicationTree = {
      nodes: [
        rollout,
        twoOwners,
        analysis,
        otherName,
        pod(twoOwners, "a"),
        pod(analysis, "b"),
        pod(otherName, "c"),
      ],
    };
    expect(ownerInTreeVerdict(tree, owner, { kind: "ReplicaSet", atLeast: 1 }).message).toMatch(
      /with 1 ReplicaSet\(s\), 1 of them with pods: grade-submission-api-1a2b3c4d5e;/,
    );
  });
});
