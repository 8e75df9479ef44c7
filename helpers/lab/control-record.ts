import { appendFile, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { REPORTS_DIR } from "../project/paths";
import type { ControlVerdict, LabControl } from "./lab-control";

/** One line per control run, appended by the labs' workers and read by npm run test:controls. */
export const CONTROL_VERDICTS_FILE = path.join(REPORTS_DIR, "controls", "verdicts.jsonl");

export interface ControlRecord {
  labId: string;
  switchedOff: string;
  caughtAt: string;
  caught: boolean;
  line: string;
}

export async function recordControlVerdict(
  labId: string,
  control: LabControl,
  verdict: ControlVerdict,
): Promise<void> {
  const record: ControlRecord = {
    labId,
    switchedOff: control.switchedOff,
    caughtAt: control.caughtAt,
    ...verdict,
  };
  await mkdir(path.dirname(CONTROL_VERDICTS_FILE), { recursive: true });
  await appendFile(CONTROL_VERDICTS_FILE, `${JSON.stringify(record)}\n`);
}

export async function readControlVerdicts(file = CONTROL_VERDICTS_FILE): Promise<ControlRecord[]> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as ControlRecord);
}
