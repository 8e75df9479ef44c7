import { describe, expect, it } from "vitest";
import { waitUntil } from "../wait/wait-until";
import type { ApplicationTree, ResourceNode } from "./application-types";
import { describeNode, describeTreeQuery, findTreeNode, treeHasNode, treeNodeVerdict } from "./resource-tree";

const BAD = "grade-submission-api:1a2b3c4d5e6f708192a3b4c5d6e7f80912345678";
const GOOD = "grade-submission-api:9f8e7d6c5b4a39281706f5e4d3c2b1a098765432";

/** A tree as GET …/resource-tree returns it: the Deployment, its ReplicaSets, and their pods. */
const tree: ApplicationTree = {
  nodes: [
    {
      group: "apps",
      kind: "Deployment",
      namespace: "t05-ab12",
      name: "grade-submission-api",
      uid: "d-1",
      health: { status: "Degraded", message: "Deployment exceeded its progress deadline" },
    },
    {
      kind: "Pod",
      namespace: "t05-ab12",
      name: "grade-submission-api-6b8f9c7d5d-x2k9q",
      uid: "p-old",
      images: [GOOD],
      health: { status: "Healthy" },
      info: [
        { name: "Status Reason", value: "Running" },
        { name: "Containers", value: "1/1" },
      ],
    },
    {
      kind: "Pod",
      namespace: "t05-ab12",
      name: "grade-submission-api-7c9d8e6f4a-p7wmz",
      uid: "p-new",
      images: [BAD],
      health: { status: "Degraded", message: "back-off 40s restarting failed container=app" },
      info: [
        { name: "Status Reason", value: "CrashLoopBackOff" },
        { name: "Containers", value: "0/1" },
        { name: "Restart Count", value: "3" },
      ],
    },
  ],
};

describe("the resource tree, as the UI draws it", () => {
  it("finds the pod on the bad image, with its health", () => {
    expect(findTreeNode(tree, { kind: "Pod", image: BAD, health: "Degraded" })?.uid).toBe("p-new");
    expect(findTreeNode(tree, { kind: "Pod", image: BAD, health: "Healthy" })).toBeUndefined();
    expect(findTreeNode(tree, { kind: "Pod", notUids: ["p-old"] })?.uid).toBe("p-new");
    expect(findTreeNode(tree, { kind: "Service", name: "grade-submission-api" })).toBeUndefined();
  });

  it("describes a node as the UI shows it: health, images, status reason and restarts", () => {
    const pod = tree.nodes?.[2] as ResourceNode;
    expect(describeNode(pod)).toBe(
      `Pod t05-ab12/grade-submission-api-7c9d8e6f4a-p7wmz Degraded [${BAD}] (CrashLoopBackOff, 3 restarts)`,
    );
    expect(describeTreeQuery({ kind: "Pod", image: BAD, health: "Degraded", notUids: ["a", "b"] })).toBe(
      `a Pod, on ${BAD}, Degraded, not one of the 2 earlier`,
    );
  });

  it("is pending with the nodes of that kind it did see, or says there are none", () => {
    const verdict = treeNodeVerdict(tree, { kind: "Pod", image: "nginx:latest" });
    expect(verdict.state).toBe("pending");
    expect(verdict.message).toContain(
      "the tree's Pod nodes: Pod t05-ab12/grade-submission-api-6b8f9c7d5d-x2k9q",
    );
    expect(treeNodeVerdict(tree, { kind: "Service" }).message).toBe("no Service among the tree's 3 nodes");
    expect(treeNodeVerdict({}, { kind: "Pod" }).message).toBe("no Pod among the tree's 0 nodes");
  });

  it("hands the matching node to the caller once the tree shows it", async () => {
    const trees: ApplicationTree[] = [{ nodes: tree.nodes?.slice(0, 2) }, tree];
    let found: ResourceNode | undefined;
    const api = { resourceTree: async () => trees.shift() ?? tree };
    const result = await waitUntil(
      treeHasNode(api, "grade-api-t05", { kind: "Pod", image: BAD }, (n) => {
        found = n;
      }),
      { timeout: 2_000 },
    );
    expect(found?.name).toBe("grade-submission-api-7c9d8e6f4a-p7wmz");
    expect(result.polls).toBe(2);
  });
});
