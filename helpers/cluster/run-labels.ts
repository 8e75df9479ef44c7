import { randomUUID } from "node:crypto";

/**
 * Every container and network a run creates carries this label, so the run can
 * count and remove exactly what it made (testcontainers' own session label is
 * shared by every process that reuses one Ryuk).
 */
export const RUN_LABEL = "io.gitops-conformance.run-id";

export function newRunId(): string {
  return randomUUID().slice(0, 8);
}
