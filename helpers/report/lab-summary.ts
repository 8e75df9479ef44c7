/**
 * One line per lab from the Allure result files: its ID, outcome and the
 * durations that matter (what the lab measured, its slowest wait). CI's job
 * summary; read from the result files so it shows exactly what the report shows.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { LABS } from "../catalog/lab-catalog";
import { LAB_ID_LABEL, LAB_PART_LABEL } from "./labels";
import { seconds } from "./seconds";

/** The part of an Allure result file this summary reads. */
export interface ResultFile {
  name: string;
  status?: string;
  start?: number;
  stop?: number;
  labels?: { name: string; value: string }[];
  statusDetails?: { message?: string; flaky?: boolean };
  steps?: StepFile[];
}
interface StepFile {
  name?: string;
  steps?: StepFile[];
}

export interface LabLine {
  /** The lab ID, with its part when the part has a verdict of its own: "M3.4 (UI)". */
  id: string;
  title: string;
  status: string;
  flaky: boolean;
  durationMs: number | undefined;
  /** Epoch ms when the lab finished. */
  stop: number | undefined;
  /** "self-heal: back to 1 replica after 6.8 s", from the lab's "Measured: ..." steps. */
  measured: string[];
  slowestWait: { what: string; seconds: number } | undefined;
  /** The failure's first line, when it failed. */
  failure: string | undefined;
}

const MEASURED = /^Measured: (.+)$/;
// helpers/wait/wait-until.ts names each wait step so.
const WAIT = /^Wait until (.+): reached after (\d+(?:\.\d+)?) s$/;

function stepNames(steps: readonly StepFile[] = []): string[] {
  return steps.flatMap((s) => [s.name ?? "", ...stepNames(s.steps)]);
}

export async function readResultFiles(dir: string): Promise<ResultFile[]> {
  const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith("-result.json"));
  return Promise.all(
    files.map(async (f) => JSON.parse(await readFile(path.join(dir, f), "utf8")) as ResultFile),
  );
}

/** The newest result of each lab (a results folder may hold older runs), in course order. */
export function labLines(results: readonly ResultFile[]): LabLine[] {
  const newest = new Map<string, ResultFile>();
  for (const result of results) {
    const labId = result.labels?.find((l) => l.name === LAB_ID_LABEL)?.value;
    if (!labId) continue;
    const part = result.labels?.find((l) => l.name === LAB_PART_LABEL)?.value;
    const id = part ? `${labId} (${part})` : labId;
    const seen = newest.get(id);
    if (!seen || (result.stop ?? 0) > (seen.stop ?? 0)) newest.set(id, result);
  }
  const order = (id: string) => {
    const i = LABS.findIndex((l) => l.id === id.split(" ")[0]);
    return i === -1 ? LABS.length : i;
  };
  return [...newest.entries()]
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .map(([id, r]) => {
      const names = stepNames(r.steps);
      const waits = names.flatMap((n) => {
        const m = WAIT.exec(n);
        return m?.[1] && m[2] ? [{ what: m[1], seconds: Number(m[2]) }] : [];
      });
      const status = r.status ?? "unknown";
      return {
        id,
        title: r.labels?.find((l) => l.name === "story")?.value ?? r.name,
        status,
        flaky: r.statusDetails?.flaky === true,
        durationMs: r.start !== undefined && r.stop !== undefined ? r.stop - r.start : undefined,
        stop: r.stop,
        measured: names.flatMap((n) => MEASURED.exec(n)?.[1] ?? []),
        slowestWait: waits.reduce<LabLine["slowestWait"]>(
          (slowest, w) => (slowest && slowest.seconds >= w.seconds ? slowest : w),
          undefined,
        ),
        failure:
          status === "passed"
            ? undefined
            : r.statusDetails?.message?.split("\n").find((l) => l.trim() !== ""),
      };
    });
}

const ICON: Record<string, string> = {
  passed: "✅",
  failed: "❌",
  broken: "💥",
  skipped: "⏭️",
};

/** A skipped lab or part was not seen to hold: it is "not verified", never passed. */
const VERDICT: Record<string, string> = { skipped: "not verified" };

// A table cell: no pipes or line breaks of its own.
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

export function summaryMarkdown(
  lines: readonly LabLine[],
  options: { title: string; setupFailure?: string },
): string {
  const out = [`### ${options.title}`, ""];
  if (options.setupFailure)
    out.push(`**Cluster setup failed; no lab ran.** ${cell(options.setupFailure)}`, "");
  if (lines.length === 0) {
    out.push("No lab results were written.");
    return `${out.join("\n")}\n`;
  }
  const count = (status: string) => lines.filter((l) => l.status === status).length;
  const flaky = lines.filter((l) => l.flaky).length;
  const unverified = count("skipped");
  out.push(
    `${lines.length} labs and parts: ${count("passed")} passed${flaky ? ` (${flaky} flaky)` : ""}, ` +
      `${unverified} not verified, ${lines.length - count("passed") - unverified} failed.`,
    "",
    "| Lab | Result | Duration | Measured | Slowest wait |",
    "|---|---|---|---|---|",
  );
  for (const l of lines) {
    const result = `${ICON[l.status] ?? "❔"} ${VERDICT[l.status] ?? l.status}${l.flaky ? " (flaky)" : ""}`;
    const measured = l.measured.map(cell).join("<br>") || (l.failure ? cell(l.failure) : "—");
    const wait = l.slowestWait
      ? `${cell(l.slowestWait.what)}: ${seconds(l.slowestWait.seconds * 1000)}`
      : "—";
    out.push(
      `| **${cell(l.id)}** ${cell(l.title)} | ${result} | ${l.durationMs === undefined ? "—" : seconds(l.durationMs)} | ${measured} | ${wait} |`,
    );
  }
  return `${out.join("\n")}\n`;
}
