import { parseDocument } from "yaml";
import { setWorkloadImage } from "../ci/image-in-manifest";
import { readFixture } from "./lab-fixtures";

/**
 * The GitOps repo's layouts the course moves through, as the files a commit writes:
 * Project 1's deployment.yaml, Lab 1.2's rollout.yaml (fixtures/gitops/grade-api-rollout),
 * and Lab 2.1's chart/ (fixtures/gitops/grade-api-helm), each for a given app image.
 */

export const ROLLOUT_FILE = "rollout.yaml";
export const CHART_FILES = ["chart/Chart.yaml", "chart/values.yaml", "chart/templates/rollout.yaml"] as const;

/** The course's Rollout with the app's image in place of the snippet's PLACEHOLDER. */
export async function rolloutFileFor(image: string): Promise<Record<string, string>> {
  return {
    [ROLLOUT_FILE]: setWorkloadImage(await readFixture(`gitops/grade-api-rollout/${ROLLOUT_FILE}`), image),
  };
}

/** values.yaml with image.repository and image.tag taken from `image` ("grade-submission-api:<sha>"). */
export function valuesFor(valuesYaml: string, image: string): string {
  const colon = image.lastIndexOf(":");
  if (colon <= image.lastIndexOf("/")) throw new Error(`image ${image} has no tag to put into values.yaml`);
  const doc = parseDocument(valuesYaml);
  doc.setIn(["image", "repository"], image.slice(0, colon));
  doc.setIn(["image", "tag"], image.slice(colon + 1));
  return doc.toString();
}

/** Lab 2.1's chart (Chart.yaml, values.yaml, templates/rollout.yaml), rendering the Rollout for `image`. */
export async function chartFilesFor(image: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const file of CHART_FILES) {
    const text = await readFixture(`gitops/grade-api-helm/${file}`);
    files[file] = file === "chart/values.yaml" ? valuesFor(text, image) : text;
  }
  return files;
}
