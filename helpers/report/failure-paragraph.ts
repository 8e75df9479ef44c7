import { INFRASTRUCTURE_PREFIX } from "./categories";
import { redact } from "./redaction";

/**
 * The one paragraph a person sees when the run cannot go on: the error's own
 * paragraph when it is one of the suite's, else its first line with what to do.
 */
export function failureParagraph(error: unknown, whatFailed: string): string {
  const message = error instanceof Error ? error.message : String(error);
  if (message.startsWith(INFRASTRUCTURE_PREFIX)) return redact(message.replace(/\s+/g, " ").trim());
  const first =
    message
      .split("\n")
      .find((l) => l.trim() !== "")
      ?.trim() ?? message;
  return redact(
    `${INFRASTRUCTURE_PREFIX} ${whatFailed} failed unexpectedly: ${first}. ` +
      "Run npm run doctor to check the machine; if it is all OK, rerun with DEBUG=testcontainers* and report the output.",
  );
}
