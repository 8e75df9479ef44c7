import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { setWorkloadReplicas } from "./replicas-in-manifest";

const DEPLOYMENT = path.resolve(import.meta.dirname, "../../fixtures/gitops/grade-api/deployment.yaml");

describe("a human's replicas change in Git", () => {
  it("changes spec.replicas only, comments kept: a one-line diff", async () => {
    const original = await readFile(DEPLOYMENT, "utf8");
    const changed = setWorkloadReplicas(original, 2);
    expect(parse(changed).spec.replicas).toBe(2);
    const before = original.split("\n");
    const after = changed.split("\n");
    expect(after.length).toBe(before.length);
    expect(after.filter((line, i) => line !== before[i])).toEqual(["  replicas: 2"]);
  });

  it("refuses a manifest without spec.replicas, or a count that is not a whole number", () => {
    expect(() => setWorkloadReplicas("kind: Service\nspec: {}\n", 2)).toThrow("no spec.replicas");
    expect(() => setWorkloadReplicas("spec:\n  replicas: 1\n", 1.5)).toThrow(
      "replicas must be a whole number",
    );
  });
});
