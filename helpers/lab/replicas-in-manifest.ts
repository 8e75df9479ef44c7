import { parseDocument } from "yaml";

/**
 * A human's change to the GitOps repo: `spec.replicas` of a workload manifest,
 * everything else as it was (comments included), so the diff is one line.
 */
export function setWorkloadReplicas(manifestYaml: string, replicas: number): string {
  if (!Number.isInteger(replicas) || replicas < 0)
    throw new Error(`replicas must be a whole number, not ${replicas}`);
  const doc = parseDocument(manifestYaml);
  if (!doc.hasIn(["spec", "replicas"])) throw new Error("the manifest has no spec.replicas to change");
  doc.setIn(["spec", "replicas"], replicas);
  return doc.toString();
}
