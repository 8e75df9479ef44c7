import { INFRASTRUCTURE_PREFIX } from "../report/categories";
import { InfrastructureError } from "../report/infrastructure-error";
import { redact } from "../report/redaction";
import { type CheckResult, oneLine } from "./check-result";

/** Said at the end of every preflight failure: the offline tier still runs. */
export const SELF_TEST_HINT = "The offline self-tests need neither Docker nor a cluster: npm run test:self.";

/**
 * The lab tier cannot start on this machine. The message is one paragraph,
 * what is wrong and what to do, and starts with the infrastructure prefix so
 * the report files it under infrastructure, not under the course.
 */
export class PreflightError extends InfrastructureError {
  readonly failures: readonly CheckResult[];

  constructor(failures: readonly CheckResult[]) {
    // InfrastructureError adds the prefix, squeezes to one line and redacts.
    super(preflightBody(failures));
    this.name = "PreflightError";
    this.failures = failures;
  }
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function explain(result: CheckResult): string {
  return [sentence(result.detail), result.fix ? sentence(result.fix) : ""].join(" ");
}

function preflightBody(failures: readonly CheckResult[]): string {
  const [only] = failures;
  const body =
    failures.length === 1 && only
      ? explain(only)
      : `${failures.length} preflight checks failed. ${failures.map((f) => `${f.name}: ${explain(f)}`).join(" ")}`;
  return `${body} ${SELF_TEST_HINT}`;
}

/** The PreflightError message for these failures; also the doctor's closing paragraph. */
export function preflightParagraph(failures: readonly CheckResult[]): string {
  return redact(oneLine(`${INFRASTRUCTURE_PREFIX} ${preflightBody(failures)}`));
}
