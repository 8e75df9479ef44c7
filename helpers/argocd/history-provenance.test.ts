import { describe, expect, it } from "vitest";
import { historyContainsVerdict } from "./application-expectations";
import type { Application } from "./application-types";

const SHA = "1a2b3c4d5e6f708192a3b4c5d6e7f80912345678";

/** An Application whose history holds one deploy of SHA, started as `initiatedBy` says. */
const deployedBy = (initiatedBy: { username?: string; automated?: boolean }): Application =>
  ({
    metadata: { name: "t07-grade-api", namespace: "argocd" },
    spec: { syncPolicy: {} },
    status: {
      sync: { status: "Synced", revision: SHA },
      health: { status: "Healthy" },
      history: [{ id: 1, revision: SHA, deployedAt: "2026-12-08T02:00:00Z", initiatedBy }],
    },
  }) as unknown as Application;

describe("who deployed a revision, from Argo CD's history", () => {
  it("passes for a sync the named user started", () => {
    expect(historyContainsVerdict(deployedBy({ username: "admin" }), SHA, { by: "admin" }).state).toBe(
      "pass",
    );
  });

  it("fails at once for the same revision deployed by automation, or by someone else", () => {
    expect(historyContainsVerdict(deployedBy({ automated: true }), SHA, { by: "admin" })).toMatchObject({
      state: "fail",
      message: "history #1 at 1a2b3c4 was deployed by auto-sync, not by a sync admin started",
    });
    expect(historyContainsVerdict(deployedBy({ username: "alice" }), SHA, { by: "admin" }).state).toBe(
      "fail",
    );
    // Automated with a username (Argo CD records the controller's) is still automation.
    expect(
      historyContainsVerdict(deployedBy({ username: "admin", automated: true }), SHA, { by: "admin" }).state,
    ).toBe("fail");
  });
});
