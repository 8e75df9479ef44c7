import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { imageTag, setValuesImageTag, setWorkloadImage } from "./image-in-manifest";

const fixtures = path.resolve(import.meta.dirname, "../../fixtures/gitops");
const read = (file: string) => readFileSync(path.join(fixtures, file), "utf8");
const changedLines = (before: string, after: string) => {
  const a = before.split("\n");
  return after.split("\n").filter((line, i) => line !== a[i]);
};

describe("the image CI writes into the GitOps repo", () => {
  it("changes only the app container's image line of the Deployment", () => {
    const before = read("grade-api/deployment.yaml");
    const after = setWorkloadImage(before, "grade-submission-api:1a2b3c4");
    expect(changedLines(before, after)).toEqual(["          image: grade-submission-api:1a2b3c4"]);
  });

  it("works for the Rollout too", () => {
    const after = setWorkloadImage(read("grade-api-rollout/rollout.yaml"), "grade-submission-api:9f8e7d6");
    expect(after).toContain("image: grade-submission-api:9f8e7d6");
    expect(after).toContain("- pause: { duration: 30 }");
  });

  it("changes only image.tag in values.yaml", () => {
    const before = read("grade-api-helm/chart/values.yaml");
    const after = setValuesImageTag(before, "1a2b3c4");
    expect(changedLines(before, after)).toEqual(["  tag: 1a2b3c4"]);
  });

  it("says what is missing instead of writing a wrong manifest", () => {
    expect(() => setWorkloadImage(read("grade-api/deployment.yaml"), "x:1", "web")).toThrow(
      'No container named "web" in the manifest\'s pod template',
    );
    expect(() => setValuesImageTag("replicas: 3\n", "1")).toThrow("values.yaml has no image.tag to update");
  });

  it("reads an image's tag", () => {
    expect(imageTag("grade-submission-api:1a2b")).toBe("1a2b");
    expect(imageTag("localhost:5000/app")).toBe("latest");
  });
});
