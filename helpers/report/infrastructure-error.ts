import { INFRASTRUCTURE_PREFIX } from "./categories";
import { redact } from "./redaction";

/**
 * Something below the course failed (Docker, an image pull, a download, a port):
 * one paragraph saying what is wrong and what to do, filed under infrastructure
 * in the report. No stack trace is shown for it (see helpers/cli/print-error).
 */
export class InfrastructureError extends Error {
  constructor(paragraph: string, options?: { cause?: unknown }) {
    super(redact(`${INFRASTRUCTURE_PREFIX} ${paragraph.replace(/\s+/g, " ").trim()}`), options);
    this.name = "InfrastructureError";
  }
}
