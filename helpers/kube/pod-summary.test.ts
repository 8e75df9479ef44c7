import { describe, expect, it } from "vitest";
import { imagesOfPods, summarizePod, summarizePods } from "./pod-summary";
import {
  crashLoopContainer,
  IMAGE_V1,
  IMAGE_V2,
  samplePod as pod,
  waitingContainer as waiting,
} from "./sample-pods";

const creating = waiting("ContainerCreating");
const crashLoop = crashLoopContainer();

describe("pod summaries", () => {
  it("say phase, readiness and why, per pod", () => {
    expect(
      summarizePods([
        pod("grade-submission-api-6b8f9c7d5d-x2k9q"),
        pod("grade-submission-api-6b8f9c7d5d-p7wmz", { phase: "Pending", ready: false, container: creating }),
      ]),
    ).toBe(
      "2 pods: grade-submission-api-6b8f9c7d5d-x2k9q Running ready, grade-submission-api-6b8f9c7d5d-p7wmz Pending (ContainerCreating)",
    );
    expect(summarizePod(pod("api-a", { ready: false, container: crashLoop }))).toBe(
      "api-a Running not ready (CrashLoopBackOff, 3 restarts)",
    );
    expect(summarizePod(pod("api-b", { deleting: true }))).toBe("api-b Terminating");
    expect(summarizePods([])).toBe("0 pods");
  });

  it("list the distinct images of live pods", () => {
    expect(
      imagesOfPods([
        pod("a", { image: IMAGE_V2 }),
        pod("b"),
        pod("c", { image: IMAGE_V2 }),
        pod("d", { deleting: true, image: "old:1" }),
      ]),
    ).toEqual([IMAGE_V1, IMAGE_V2]);
  });
});
