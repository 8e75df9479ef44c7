import { describe, expect, it } from "vitest";
import type { Application } from "./application-types";
import { helmSourceVerdict } from "./helm-source";

const chart = { path: "chart", valueFiles: ["values.yaml"] };

function app(sourceType: string | undefined, path = "chart", valueFiles = ["values.yaml"]): Application {
  return {
    metadata: { name: "m2-2-grade-api" },
    spec: {
      source: { repoURL: "http://git/gitops.git", path, targetRevision: "main", helm: { valueFiles } },
    },
    status: {
      sync: { status: "Synced", revision: "a".repeat(40) },
      health: { status: "Healthy" },
      sourceType,
    },
  };
}

describe("helmSourceVerdict", () => {
  it("passes when status.sourceType is Helm for the chart path and value files asked for", () => {
    expect(helmSourceVerdict(app("Helm"), chart)).toMatchObject({
      state: "pass",
      message: expect.stringMatching(/sourceType=Helm path=chart valueFiles=\[values.yaml\]$/),
    });
  });

  it("is pending while the status still describes a plain directory, or the spec differs", () => {
    expect(helmSourceVerdict(app("Directory"), chart).state).toBe("pending");
    expect(helmSourceVerdict(app(undefined), chart).state).toBe("pending");
    expect(helmSourceVerdict(app("Helm", "."), chart).state).toBe("pending");
    expect(helmSourceVerdict(app("Helm", "chart", ["values-prod.yaml"]), chart).state).toBe("pending");
    expect(helmSourceVerdict(undefined, chart).message).toMatch(/^the Application does not exist/);
  });
});
