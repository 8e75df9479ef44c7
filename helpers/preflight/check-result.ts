/** The verdict of one preflight check, as the doctor prints it and PreflightError reports it. */
export type CheckStatus = "ok" | "warn" | "fail";

export interface CheckResult {
  /** What was checked, e.g. "Docker reachable". */
  name: string;
  status: CheckStatus;
  /** Facts for "ok"; for "warn"/"fail", full sentences saying what is wrong and why it matters. */
  detail: string;
  /** One sentence telling the user what to do. */
  fix?: string;
}

export const ok = (name: string, detail: string): CheckResult => ({ name, status: "ok", detail });

export const warn = (name: string, detail: string, fix?: string): CheckResult =>
  fix === undefined ? { name, status: "warn", detail } : { name, status: "warn", detail, fix };

export const fail = (name: string, detail: string, fix: string): CheckResult => ({
  name,
  status: "fail",
  detail,
  fix,
});

/** Errors from Node and libraries can span lines (YAML snippets, stacks); a check reports the first line only. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split("\n").find((line) => line.trim() !== "") ?? text).trim();
}

/** Squeezes text onto one line, so a detail or fix can never break the one-paragraph rule. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
