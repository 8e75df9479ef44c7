import type { SyncMode } from "../argocd/application-spec";

/**
 * A negative control: the lab run in a world where the course's mechanism is
 * switched off. The spec is evidence only if it then fails, and fails at the
 * expectation about that mechanism (`caughtAt`), not at setup or elsewhere.
 */
export type ControlChange =
  /** The human's or Git's action is not taken (the universal control); `action` names it when the given has acts too. */
  | { kind: "skip-action"; action?: string }
  /** Whenever the lab asks Argo CD for sync policy `from`, it gets `to` (self-heal, prune or auto-sync off). */
  | { kind: "sync-policy"; from: SyncMode; to: SyncMode }
  /** A spec-specific switch its helpers read (`lab.isSwitchedOff(id)`): a pause step, a deny line, a Role's verb. */
  | { kind: "switch"; id: string };

export interface LabControl {
  /** What is switched off, as the report and `npm run test:controls` say it. */
  switchedOff: string;
  change: ControlChange;
  /** Part of the description of the expectation that must then fail. */
  caughtAt: string;
}

export const CONTROLS_ENV = "LAB_CONTROLS";

export const controlsRequested = (env: NodeJS.ProcessEnv = process.env) => env[CONTROLS_ENV] === "1";

/** The universal control: the lab's action is skipped, and the outcome it causes must then not come. */
export const actionSkipped = (caughtAt: string, action?: string): LabControl => ({
  switchedOff: `the lab's action${action ? ` (${action})` : ""}`,
  change: action ? { kind: "skip-action", action } : { kind: "skip-action" },
  caughtAt,
});

export const syncPolicySwitched = (
  switchedOff: string,
  from: SyncMode,
  to: SyncMode,
  caughtAt: string,
): LabControl => ({
  switchedOff,
  change: { kind: "sync-policy", from, to },
  caughtAt,
});

export interface ControlVerdict {
  caught: boolean;
  /** "caught at …" or "NOT caught: …", one line. */
  line: string;
}

const firstLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error))
    .split("\n")
    .find((l) => l.trim() !== "")
    ?.trim() ?? "";

/** Whether the lab, run under its control, failed where the control says it must. */
export function judgeControl(control: LabControl, failure: unknown): ControlVerdict {
  if (failure === undefined) {
    return { caught: false, line: `NOT caught: the lab passed with ${control.switchedOff} switched off` };
  }
  const message = firstLine(failure);
  const clipped = message.length > 220 ? `${message.slice(0, 217)}…` : message;
  if (message.includes(control.caughtAt)) return { caught: true, line: `caught at ${clipped}` };
  return { caught: false, line: `NOT caught at "${control.caughtAt}": it failed elsewhere: ${clipped}` };
}
