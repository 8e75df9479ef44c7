import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FIXTURES_DIR } from "../project/paths";
import { withTimedLastPause } from "./grade-api-app";

describe("M1.3's control: the course's Rollout with its last pause timed", () => {
  it("times the pause held until promoted, and only it", async () => {
    const text = await readFile(path.join(FIXTURES_DIR, "gitops/grade-api-rollout/rollout.yaml"), "utf8");
    const steps = (yaml: string) => parse(yaml).spec.strategy.canary.steps;
    expect(steps(text)).toEqual([
      { setWeight: 20 },
      { pause: { duration: 30 } },
      { setWeight: 50 },
      { pause: {} },
    ]);
    expect(steps(withTimedLastPause(text))).toEqual([
      { setWeight: 20 },
      { pause: { duration: 30 } },
      { setWeight: 50 },
      { pause: { duration: "10m" } },
    ]);
  });
});
