import { describe, expect, it } from "vitest";
import { Timeline } from "./timeline";

describe("the lab timeline", () => {
  it("keeps only changes, in order, with the time since the lab started", async () => {
    const states = ["sync=Synced", "sync=Synced", "sync=OutOfSync", "sync=Synced"];
    let i = 0;
    const timeline = new Timeline(performance.now(), 1_000);
    timeline.watch({ name: "app t01", read: async () => states[Math.min(i++, states.length - 1)] ?? "" });
    await timeline.stop();
    for (let n = 0; n < 3; n++) await timeline.sample();
    const lines = timeline.format().split("\n");
    expect(lines.map((l) => l.replace(/^\+\s*[\d.]+ s\s+/, ""))).toEqual([
      "app t01                      sync=Synced",
      "app t01                      sync=OutOfSync",
      "app t01                      sync=Synced",
    ]);
  });

  it("records an unreadable source instead of failing the lab", async () => {
    const timeline = new Timeline();
    timeline.watch({
      name: "rollout",
      read: async () => {
        throw new Error("rollouts.argoproj.io not found");
      },
    });
    await timeline.stop();
    expect(timeline.format()).toContain("unreadable: rollouts.argoproj.io not found");
  });

  it("stops even when a read hangs, so the lab's cleanup still runs", async () => {
    const timeline = new Timeline();
    timeline.watch({ name: "app", read: () => new Promise<string>(() => {}) });
    const started = performance.now();
    await timeline.stop(50);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
