import type { V1ContainerStatus } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { crashLoopOnImageVerdict } from "./pods-on-image";
import { runningContainer, samplePod, waitingContainer } from "./sample-pods";

const GOOD = "grade-submission-api:9f8e7d6c5b4a39281706f5e4d3c2b1a098765432";
const BAD = "grade-submission-api:1a2b3c4d5e6f708192a3b4c5d6e7f80912345678";

const running = runningContainer(GOOD);
const crashLooping = (restartCount: number): V1ContainerStatus => ({
  ...waitingContainer("CrashLoopBackOff", undefined, restartCount),
  image: BAD,
  lastState: { terminated: { exitCode: 1, reason: "Error" } },
});

const pod = (name: string, image: string, status: V1ContainerStatus) =>
  samplePod(name, { image, container: status, ready: status.ready });

describe("a crash loop on the new image, beside the old pod", () => {
  const old = pod("api-old", GOOD, running);

  it("passes on the new image's pod, the old one still running", () => {
    const verdict = crashLoopOnImageVerdict([old, pod("api-new", BAD, crashLooping(2))], BAD, {
      minRestarts: 2,
    });
    expect(verdict.state).toBe("pass");
    expect(verdict.message).toMatch(
      /^pod api-new container app in CrashLoopBackOff after 2 restarts, last exit code 1 \(Error\); 1 pod: api-new/,
    );
  });

  it("is pending until a pod runs the image, and until it has restarted enough", () => {
    expect(crashLoopOnImageVerdict([old], BAD)).toEqual({
      state: "pending",
      message: `no pod on ${BAD} yet; 1 pod: api-old Running ready`,
    });
    expect(
      crashLoopOnImageVerdict([old, pod("api-new", BAD, crashLooping(1))], BAD, { minRestarts: 2 }).state,
    ).toBe("pending");
  });

  it("ignores a crash loop on another image", () => {
    const other = pod("api-other", "nginx:latest", { ...crashLooping(5), image: "nginx:latest" });
    expect(crashLoopOnImageVerdict([other], BAD).state).toBe("pending");
  });
});
