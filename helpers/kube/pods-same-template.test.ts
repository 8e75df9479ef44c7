import { describe, expect, it } from "vitest";
import { sameTemplateVerdict, snapshotOf } from "./pods-same-template";
import { samplePod } from "./sample-pods";

const IMAGE = "grade-submission-api:9f8e7d6c5b4a39281706f5e4d3c2b1a098765432";

const pod = (name: string, options: { hash?: string; image?: string; deleting?: boolean } = {}) =>
  samplePod(name, {
    labels: { "pod-template-hash": options.hash ?? "6b8f9c7d5d" },
    image: options.image ?? IMAGE,
    deleting: options.deleting,
  });

describe("pods from the same template", () => {
  it("snapshots the live pods' UIDs, template hash and images", () => {
    expect(snapshotOf([pod("a"), pod("b"), pod("old", { hash: "5a7e6d4c3b", deleting: true })])).toEqual({
      uids: ["uid-a", "uid-b"],
      templateHash: "6b8f9c7d5d",
      images: [IMAGE],
    });
  });

  it("refuses a snapshot of no pods, or of pods mid-rollout", () => {
    expect(() => snapshotOf([])).toThrow("no live pods to take a snapshot of; 0 pods");
    expect(() => snapshotOf([pod("a"), pod("b", { hash: "5a7e6d4c3b" })])).toThrow(
      "the pods do not share one pod template",
    );
  });

  it("passes when every live pod has the same hash and images, terminating ones aside", () => {
    const before = snapshotOf([pod("a")]);
    expect(sameTemplateVerdict([pod("new"), pod("a", { hash: "x", deleting: true })], before)).toEqual({
      state: "pass",
      message: `every live pod has pod-template-hash=6b8f9c7d5d and [${IMAGE}]`,
    });
  });

  it("is pending on a pod of another template or image, naming what differs", () => {
    const before = snapshotOf([pod("a")]);
    expect(sameTemplateVerdict([pod("b", { image: "nginx:latest" })], before)).toEqual({
      state: "pending",
      message: `b has pod-template-hash=6b8f9c7d5d and [nginx:latest], not 6b8f9c7d5d and [${IMAGE}]`,
    });
    expect(sameTemplateVerdict([], before).state).toBe("pending");
  });
});
