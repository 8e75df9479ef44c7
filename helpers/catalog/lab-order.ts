// With its extension: vitest.config.ts imports this file, and Vite's config loader wants explicit extensions.
import path from "node:path";

/**
 * Seconds each lab's spec file took on 2 CPUs (CI's run of the labs, and of the controls, where a
 * file's controls run at once so its longest one counts). Committed, because vitest orders files
 * by the durations it cached on this machine, and a fresh clone has none: it then started the
 * longest lab (M1.3, more than half the whole run) wherever the file sizes put it.
 */
export const LAB_SECONDS: Readonly<Record<string, { lab: number; controls: number }>> = {
  "M1.3": { lab: 173, controls: 105 },
  "M2.3": { lab: 96, controls: 90 },
  T05: { lab: 91, controls: 139 },
  T04: { lab: 68, controls: 131 },
  T06: { lab: 66, controls: 145 },
  T07: { lab: 43, controls: 80 },
  T01: { lab: 40, controls: 66 },
  "M3.2": { lab: 35, controls: 41 },
  T12: { lab: 33, controls: 109 },
  "M2.1": { lab: 32, controls: 68 },
  T03: { lab: 31, controls: 96 },
  "M1.2": { lab: 22, controls: 97 },
  "M3.3": { lab: 21, controls: 67 },
  T09: { lab: 16, controls: 97 },
  "M3.4": { lab: 15, controls: 8 },
  T11: { lab: 15, controls: 70 },
  T08: { lab: 13, controls: 68 },
  T10: { lab: 13, controls: 67 },
  T02: { lab: 12, controls: 66 },
  "M2.2": { lab: 12, controls: 66 },
  "M1.1": { lab: 2, controls: 0 },
  "M3.1": { lab: 2, controls: 31 },
};

/** A spec file's lab ID: its name up to the first dash (`M1.3-observe-….spec.ts`). */
export function labIdOfFile(file: string): string {
  return path.basename(file).split("-")[0] ?? "";
}

/** The labs whose CI builds the app and imports it into the node: CPU-bound while they do. */
export const CI_LABS: ReadonlySet<string> = new Set(["M1.3", "M2.3", "T05", "T04", "T06"]);

/**
 * Longest first, so the long labs overlap the many short ones instead of ending the run alone,
 * with the CI labs taking turns with the others: four CI labs at once on 2 CPUs made each import
 * 40-55 s instead of 10 s. A lab without an estimate goes first (it may be long).
 */
export function longestFirst<T>(
  files: readonly T[],
  fileOf: (f: T) => string,
  mode: "lab" | "controls",
): T[] {
  const estimate = (f: T) => LAB_SECONDS[labIdOfFile(fileOf(f))]?.[mode] ?? Number.POSITIVE_INFINITY;
  const sorted = [...files].sort((a, b) => estimate(b) - estimate(a));
  const ci = sorted.filter((f) => CI_LABS.has(labIdOfFile(fileOf(f))));
  const others = sorted.filter((f) => !CI_LABS.has(labIdOfFile(fileOf(f))));
  const order: T[] = [];
  // The longest first whatever it is, then a lab of the other kind, and so on.
  let nextIsCi = ci[0] !== undefined && (others[0] === undefined || estimate(ci[0]) >= estimate(others[0]));
  while (ci.length + others.length > 0) {
    const queue = (nextIsCi && ci.length > 0) || others.length === 0 ? ci : others;
    order.push(queue.shift() as T);
    nextIsCi = queue !== ci;
  }
  return order;
}
