import { parseDocument } from "yaml";

/**
 * What CI commits to the GitOps repo: only the image, everything else as it
 * was (comments included), so the diff in the report is one line.
 */
export function setWorkloadImage(manifestYaml: string, image: string, container = "app"): string {
  const doc = parseDocument(manifestYaml);
  const containers = doc.getIn(["spec", "template", "spec", "containers"]) as
    | { items?: unknown[] }
    | undefined;
  const items = (containers?.items ?? []) as {
    get: (k: string) => unknown;
    set: (k: string, v: unknown) => void;
  }[];
  const target = items.find((c) => c.get("name") === container);
  if (!target) throw new Error(`No container named "${container}" in the manifest's pod template`);
  target.set("image", image);
  return doc.toString();
}

/** The Helm labs' CI changes image.tag in values.yaml, and nothing else. */
export function setValuesImageTag(valuesYaml: string, tag: string): string {
  const doc = parseDocument(valuesYaml);
  if (!doc.hasIn(["image", "tag"])) throw new Error("values.yaml has no image.tag to update");
  doc.setIn(["image", "tag"], tag);
  return doc.toString();
}

export function imageTag(image: string): string {
  const at = image.lastIndexOf(":");
  return at > image.lastIndexOf("/") ? image.slice(at + 1) : "latest";
}
