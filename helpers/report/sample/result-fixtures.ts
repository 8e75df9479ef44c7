// Result files shaped as the suite's reporter writes them, for the report's self-tests.
import type { ResultFile } from "../result-files";

/** A lab's result: its ID and lab title as labels, and steps by name. */
export function labResult(
  id: string,
  fields: Partial<ResultFile> & { story?: string; stepNames?: string[]; part?: string } = {},
): ResultFile {
  const { story, stepNames = [], part, ...rest } = fields;
  return {
    uuid: `${id}${part ? `-${part}` : ""}`,
    name: `${id} sentence`,
    status: "passed",
    stop: 1_000,
    labels: [
      ...(story ? [{ name: "story", value: story }] : []),
      { name: "labId", value: id },
      ...(part ? [{ name: "labPart", value: part }] : []),
    ],
    steps: stepNames.map((name) => ({ name, status: "passed", steps: [] })),
    ...rest,
  };
}

/** A negative control's result: its lab, what it switched off, and its "Verdict: …" step. */
export function controlResult(
  labId: string,
  switchedOff: string,
  status: string,
  verdict: string,
  stop = 90_000,
): ResultFile {
  return {
    uuid: `${labId}-${switchedOff}`,
    name: `control: ${labId}, with ${switchedOff} switched off`,
    status,
    stop,
    labels: [
      { name: "labId", value: labId },
      { name: "control", value: switchedOff },
    ],
    steps: [{ name: `Verdict: ${verdict}`, status: "passed", steps: [] }],
  };
}
