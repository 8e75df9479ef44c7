/**
 * A tri-state expectation, after Argo CD's e2e fixture: each check says whether
 * the awaited state is reached (pass), may still come (pending), or can no
 * longer come (fail, e.g. ImagePullBackOff while waiting for Ready), always
 * with a message describing the state it saw.
 */
export type VerdictState = "pass" | "pending" | "fail";

export interface Verdict {
  state: VerdictState;
  /** What the check saw, in words: this is "the last state" in a timeout message. */
  message: string;
}

export interface Expectation {
  /** What is awaited, as a sentence fragment: "Application t01 Synced at revision 1a2b3c4". */
  description: string;
  check: () => Verdict | Promise<Verdict>;
}

export const pass = (message: string): Verdict => ({ state: "pass", message });
export const pending = (message: string): Verdict => ({ state: "pending", message });
export const fail = (message: string): Verdict => ({ state: "fail", message });

export function expectation(description: string, check: Expectation["check"]): Expectation {
  return { description, check };
}

/** All must pass; the first fail wins, otherwise the first pending is reported. */
export function allOf(description: string, ...parts: Expectation[]): Expectation {
  return expectation(description, async () => {
    const verdicts = await Promise.all(parts.map((p) => p.check()));
    // Stryker disable next-line OptionalChaining: equivalent, parts[i] always exists (one verdict per part).
    const summary = verdicts.map((v, i) => `${parts[i]?.description}: ${v.message}`).join("; ");
    const worst = verdicts.find((v) => v.state === "fail") ?? verdicts.find((v) => v.state === "pending");
    return { state: worst?.state ?? "pass", message: summary };
  });
}
