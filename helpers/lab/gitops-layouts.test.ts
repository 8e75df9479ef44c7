import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { courseRollout } from "../rollouts/course-rollout";
import { CHART_FILES, chartFilesFor, rolloutFileFor, valuesFor } from "./gitops-layouts";

const IMAGE = "grade-submission-api:3f2a9c1d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";

describe("the GitOps layouts for an image", () => {
  it("rollout.yaml is the course's Rollout with the image, comments kept", async () => {
    const { "rollout.yaml": text } = await rolloutFileFor(IMAGE);
    expect(parse(text ?? "")).toEqual(courseRollout({ image: IMAGE }));
    expect(text).toMatch(/^# The course's Rollout/);
  });

  it("the chart's values carry the image's repository and tag, the rest of the chart as in the fixture", async () => {
    const files = await chartFilesFor(IMAGE);
    expect(Object.keys(files)).toEqual([...CHART_FILES]);
    expect(parse(files["chart/values.yaml"] ?? "")).toEqual({
      image: { repository: "grade-submission-api", tag: "3f2a9c1d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b" },
      replicas: 3,
    });
  });

  it("quotes a tag YAML would read as a number, and refuses an image without a tag", () => {
    expect(parse(valuesFor("image:\n  repository: x\n  tag: seed\n", "reg:5000/app:1e10"))).toEqual({
      image: { repository: "reg:5000/app", tag: "1e10" },
    });
    expect(() => valuesFor("image: {}\n", "reg:5000/app")).toThrow(/has no tag/);
  });
});
