import { describe, expect, it } from "vitest";
import { defaultMaxSurge, expectedSplit, podSplit } from "./canary-split";
import { CANARY_HASH, healthyOnV2, pausedAtStep1, podsOf, rolloutPod, STABLE_HASH } from "./sample-rollouts";

describe("podSplit", () => {
  it("counts canary and stable pods by rollouts-pod-template-hash, live pods only", () => {
    const pods = [
      ...podsOf(1, 3),
      rolloutPod("old", STABLE_HASH, { deleting: true }),
      rolloutPod("x", "5d4c3b2a19"),
    ];
    const split = podSplit(pausedAtStep1, pods);
    expect(split).toMatchObject({
      canary: 1,
      stable: 3,
      canaryReady: 1,
      stableReady: 3,
      other: 1,
      terminating: 1,
    });
    expect(split.description).toBe("1 canary + 3 stable (1 other, 1 terminating)");
  });

  it("counts every current pod as stable once stableRS is the current hash", () => {
    const pods = [rolloutPod("a", CANARY_HASH), rolloutPod("b", CANARY_HASH), rolloutPod("c", CANARY_HASH)];
    expect(podSplit(healthyOnV2, pods).description).toBe("0 canary + 3 stable");
  });
});

describe("expectedSplit (approximateWeightedCanaryStableReplicaCounts, maxSurge 1 of 3)", () => {
  it("gives the course's split: 20% → 1 + 3, 50% → 2 + 2, abort → 0 + 3, done → 3 + 0", () => {
    expect(expectedSplit(20, 3)).toEqual({ canary: 1, stable: 3 });
    expect(expectedSplit(50, 3)).toEqual({ canary: 2, stable: 2 });
    expect(expectedSplit(0, 3)).toEqual({ canary: 0, stable: 3 });
    expect(expectedSplit(100, 3)).toEqual({ canary: 3, stable: 0 });
  });

  it("matches upstream's table without surge and for other sizes (canary_test.go TestApproximateWeightedNewStableReplicaCounts)", () => {
    const rows: [weight: number, replicas: number, maxSurge: number, canary: number, stable: number][] = [
      [20, 3, 0, 1, 2],
      [50, 3, 0, 2, 1],
      [25, 3, 1, 1, 3],
      [49, 3, 1, 2, 2],
      [33, 3, 1, 1, 2],
      [49, 1, 0, 0, 1],
      [1, 1, 1, 1, 1],
      [99, 2, 1, 2, 1],
      [24, 10, 1, 3, 8],
      [15, 10, 0, 2, 8],
      [50, 0, 1, 0, 0],
    ];
    for (const [weight, replicas, maxSurge, canary, stable] of rows) {
      expect(
        expectedSplit(weight, replicas, { maxSurge }),
        `w=${weight} r=${replicas} surge=${maxSurge}`,
      ).toEqual({
        canary,
        stable,
      });
    }
  });

  it("refuses a weight outside 0-100", () => {
    expect(() => expectedSplit(120, 3)).toThrow("setWeight must be an integer from 0 to 100, got 120");
  });
});

describe("podSplit and expectedSplit, in detail", () => {
  it("counts unlabelled pods as other even before the controller wrote its hashes, and Ready ones apart", () => {
    const pods = [
      rolloutPod("a", CANARY_HASH, { ready: false }),
      rolloutPod("b", STABLE_HASH, { ready: false }),
    ];
    expect(podSplit(pausedAtStep1, pods)).toEqual({
      canary: 1,
      stable: 1,
      canaryReady: 0,
      stableReady: 0,
      other: 0,
      terminating: 0,
      description: "1 canary + 1 stable",
    });
    const unlabelled = rolloutPod("c", CANARY_HASH);
    if (unlabelled.metadata) unlabelled.metadata.labels = {};
    expect(podSplit({ metadata: {} }, [unlabelled]).description).toBe("0 canary + 0 stable (1 other)");
    expect(podSplit(pausedAtStep1, [rolloutPod("d", CANARY_HASH, { deleting: true })]).description).toBe(
      "0 canary + 0 stable (1 terminating)",
    );
  });

  it("refuses a weight that is not a whole percentage", () => {
    expect(() => expectedSplit(-1, 3)).toThrow("setWeight must be an integer from 0 to 100, got -1");
    expect(() => expectedSplit(20.5, 3)).toThrow("setWeight must be an integer from 0 to 100, got 20.5");
    expect(expectedSplit(100, 3, { maxSurge: 0 })).toEqual({ canary: 3, stable: 0 });
  });

  it("assumes a surge of 25 % of the replicas, rounded up", () => {
    expect(defaultMaxSurge(3)).toBe(1);
    expect(defaultMaxSurge(4)).toBe(1);
    expect(defaultMaxSurge(5)).toBe(2);
    expect(expectedSplit(10, 10)).toEqual(expectedSplit(10, 10, { maxSurge: 3 }));
  });
});

describe("expectedSplit without surge", () => {
  it("takes the count nearest to the weight, the lower one too, and moves a single replica at over 50 %", () => {
    // 10 replicas at 33 %: 3.3 pods, so 3 canary, not 4.
    expect(expectedSplit(33, 10, { maxSurge: 0 })).toEqual({ canary: 3, stable: 7 });
    // One replica that cannot surge is all canary at 51 %, all stable at 49 % (upstream's table).
    expect(expectedSplit(51, 1, { maxSurge: 0 })).toEqual({ canary: 1, stable: 0 });
  });
});
