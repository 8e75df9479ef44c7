/**
 * What a run showed, lab by lab, read from the Allure result files (so it says exactly what the
 * report says): the course's claim, the verdict, what was seen and measured, and what the lab's
 * negative controls showed. The front page, the lab pages and CI's job summary are drawn from it.
 */
import { LABS } from "../catalog/lab-catalog";
import { CONTROL_LABEL, LAB_ID_LABEL, LAB_PART_LABEL } from "./labels";
import { labelOf, type ResultFile, reportIdOf, stepNames } from "./result-files";
import { seenLines, slowestWait, type WaitSeen } from "./seen-lines";

export { type ResultFile, readResultFiles } from "./result-files";

/** Green only when the claim was seen to hold; a skipped part was not seen at all. */
export type Verdict = "verified" | "not verified" | "failed" | "not run";

/** What a spec declares about itself (helpers/lab's listing), as the report needs it. */
export interface LabDeclaration {
  id: string;
  /** The spec's sentence. */
  name: string;
  differsFromCourse?: string;
  /** What each of its controls switches off. */
  controls: readonly string[];
  noControl?: string;
  uiClaim?: string;
}

export interface ControlLine {
  switchedOff: string;
  state: "caught" | "not caught" | "not run";
  /** What then happened: the expectation that failed and the last state it saw; or why it was not caught. */
  line: string;
  reportId?: string;
  stop?: number;
}

export interface LabLine {
  /** The lab ID, with its part when the part has a verdict of its own: "M3.4 (UI)". */
  id: string;
  labId: string;
  part?: string;
  title: string;
  verdict: Verdict;
  status: string;
  flaky: boolean;
  durationMs: number | undefined;
  /** Epoch ms when the lab finished. */
  stop: number | undefined;
  /** "self-heal: back to the 1 replica in Git after 2.3 s", "held: … for 20.0 s", "refused: …". */
  seen: string[];
  slowestWait: WaitSeen | undefined;
  /** The failure's first line, or why it was not verified. */
  failure: string | undefined;
  reportId: string | undefined;
  /** Its negative controls; undefined for a part (controls belong to the lab). */
  controls: ControlLine[] | undefined;
}

const VERDICT_OF: Record<string, Verdict> = { passed: "verified", skipped: "not verified" };

const firstLine = (text: string | undefined) =>
  text
    ?.split("\n")
    .find((l) => l.trim() !== "")
    ?.trim();

/** The newest result per key (a results folder may hold older runs). */
function newestBy(results: readonly ResultFile[], key: (r: ResultFile) => string | undefined) {
  const newest = new Map<string, ResultFile>();
  for (const result of results) {
    const k = key(result);
    if (k === undefined) continue;
    const seen = newest.get(k);
    if (!seen || (result.stop ?? 0) > (seen.stop ?? 0)) newest.set(k, result);
  }
  return newest;
}

const isControl = (r: ResultFile) => labelOf(r, CONTROL_LABEL) !== undefined;

function labLine(id: string, r: ResultFile, controls: ControlLine[] | undefined): LabLine {
  const labId = labelOf(r, LAB_ID_LABEL) ?? id;
  const part = labelOf(r, LAB_PART_LABEL);
  const status = r.status ?? "unknown";
  return {
    id,
    labId,
    ...(part ? { part } : {}),
    title: labelOf(r, "story") ?? r.name,
    verdict: VERDICT_OF[status] ?? "failed",
    status,
    flaky: r.statusDetails?.flaky === true,
    durationMs: r.start !== undefined && r.stop !== undefined ? r.stop - r.start : undefined,
    stop: r.stop,
    seen: seenLines(stepNames(r.steps)),
    slowestWait: slowestWait(stepNames(r.steps)),
    failure:
      status === "passed"
        ? undefined
        : (firstLine(r.statusDetails?.message) ??
          stepNames(r.steps).find((n) => n.startsWith("Not verified: ")) ??
          status),
    reportId: reportIdOf(r),
    controls,
  };
}

/** A control's verdict line: its "Verdict: …" step, else its failure's first line. */
function controlLine(switchedOff: string, r: ResultFile | undefined): ControlLine {
  if (!r) return { switchedOff, state: "not run", line: "not run (npm run test:controls runs it)" };
  const verdictStep = stepNames(r.steps).find((n) => n.startsWith("Verdict: "));
  const line =
    verdictStep?.slice("Verdict: ".length) ?? firstLine(r.statusDetails?.message) ?? r.status ?? "";
  return {
    switchedOff,
    state: r.status === "passed" ? "caught" : "not caught",
    line,
    reportId: reportIdOf(r),
    stop: r.stop,
  };
}

/**
 * Every lab of the course, in course order, with its parts: what ran (the newest result of
 * each), and "not run" for what did not. Controls come from `controlResults` (npm run
 * test:controls) matched by lab ID and what they switch off.
 */
export function labLines(
  results: readonly ResultFile[],
  options: { controlResults?: readonly ResultFile[]; declarations?: readonly LabDeclaration[] } = {},
): LabLine[] {
  const all = [...results, ...(options.controlResults ?? [])];
  const labs = newestBy(
    all.filter((r) => !isControl(r)),
    (r) => {
      const labId = labelOf(r, LAB_ID_LABEL);
      const part = labelOf(r, LAB_PART_LABEL);
      return labId && (part ? `${labId} (${part})` : labId);
    },
  );
  const controls = newestBy(all.filter(isControl), (r) =>
    JSON.stringify([labelOf(r, LAB_ID_LABEL), labelOf(r, CONTROL_LABEL)]),
  );
  // A control that finished before this run's labs began is an earlier run's: said, not hidden.
  const labsBegan = Math.min(...[...labs.values()].map((r) => r.start ?? r.stop ?? Infinity));
  const earlier = (c: ControlLine): ControlLine =>
    c.stop !== undefined && c.stop < labsBegan
      ? { ...c, line: `(from an earlier run, ${new Date(c.stop).toISOString()}) ${c.line}` }
      : c;
  const declared = new Map((options.declarations ?? []).map((d) => [d.id, d]));
  const controlsOf = (labId: string): ControlLine[] => {
    const names = new Set(declared.get(labId)?.controls ?? []);
    for (const r of controls.values())
      if (labelOf(r, LAB_ID_LABEL) === labId) names.add(labelOf(r, CONTROL_LABEL) ?? "");
    return [...names].map((n) => earlier(controlLine(n, controls.get(JSON.stringify([labId, n])))));
  };
  const ids = LABS.flatMap((lab) => {
    const parts = [...labs.keys()].filter((k) => k.startsWith(`${lab.id} (`));
    const ui = declared.get(lab.id)?.uiClaim && !parts.includes(`${lab.id} (UI)`) ? [`${lab.id} (UI)`] : [];
    return [lab.id, ...parts, ...ui];
  });
  return ids.map((id) => {
    const labId = id.split(" ")[0] ?? id;
    const part = id.includes(" (") ? id.slice(labId.length + 2, -1) : undefined;
    const result = labs.get(id);
    const controlLines = part ? undefined : controlsOf(labId);
    if (result) return labLine(id, result, controlLines);
    return {
      id,
      labId,
      ...(part ? { part } : {}),
      title: LABS.find((l) => l.id === labId)?.title ?? id,
      verdict: "not run",
      status: "not run",
      flaky: false,
      durationMs: undefined,
      stop: undefined,
      seen: [],
      slowestWait: undefined,
      failure: undefined,
      reportId: undefined,
      controls: controlLines,
    };
  });
}

/** "2 of 2 caught", "1 of 2 caught, 1 not caught", "not run", or "none" for a lab without controls. */
export function controlsCount(controls: readonly ControlLine[] | undefined): string {
  if (controls === undefined) return "—";
  if (controls.length === 0) return "none";
  const ran = controls.filter((c) => c.state !== "not run");
  if (ran.length === 0) return "not run";
  const caught = ran.filter((c) => c.state === "caught").length;
  const notRun = controls.length - ran.length;
  return [
    `${caught} of ${controls.length} caught`,
    ...(ran.length > caught ? [`${ran.length - caught} not caught`] : []),
    ...(notRun > 0 ? [`${notRun} not run`] : []),
  ].join(", ");
}
