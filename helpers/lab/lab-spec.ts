import { inject, test } from "vitest";
import { findLab, LABS } from "../catalog/lab-catalog";
import { attachJson, attachText } from "../report/attach";
import { labelLab } from "../report/labels";
import { LabContext } from "./lab-context";
import { activeListing } from "./lab-registry";

export interface LabSpecOptions {
  /** Keys of the docs/upstream-behaviour.md entries this lab depends on (npm run labs:list prints them). */
  relies: readonly string[];
  /** Why the spec differs from the course's snippet, when it must: the report is also the course's errata. */
  differsFromCourse?: string;
  /** Longer than the labs project's default, for labs that hold a window or run CI several times. */
  timeoutMs?: number;
}

/** The cluster setup's own steps and timings, shared by every lab, kept with each lab's evidence. */
async function attachSetup(): Promise<void> {
  const cluster = inject("cluster");
  await attachJson("cluster: versions actually running", { ...cluster.versions, mode: cluster.mode });
  await attachText(
    "cluster setup (shared by every lab): steps and durations",
    cluster.setup.journal
      .map(
        (e) =>
          `${"  ".repeat(e.depth)}${e.outcome === "passed" ? "✓" : "✗"} ${e.name} (${(e.durationMs / 1000).toFixed(1)} s)`,
      )
      .join("\n"),
  );
}

/**
 * A lab as an executable spec: `name` is a sentence saying what the lab
 * proves; the lab ID links it to the course. The body gets the lab's own
 * context; diagnostics on failure and cleanup are taken care of here.
 */
export function labSpec(
  id: string,
  name: string,
  body: (lab: LabContext) => Promise<void>,
  options: LabSpecOptions,
): void {
  const lab = findLab(id);
  if (!lab) throw new Error(`Unknown lab ID ${id}; the catalog has ${LABS.map((l) => l.id).join(", ")}`);
  const listing = activeListing();
  if (listing) {
    listing.records.push({
      id,
      name,
      relies: options.relies,
      differsFromCourse: options.differsFromCourse,
      file: listing.currentFile,
    });
    return;
  }
  test(name, { timeout: options.timeoutMs }, async ({ signal, task, onTestFailed }) => {
    await labelLab(lab);
    if (options.differsFromCourse)
      await attachText("how this spec differs from the course, and why", options.differsFromCourse);
    await attachSetup();
    const context = await LabContext.open(lab, inject("cluster"), signal, task.result?.retryCount ?? 0);
    let closing: Promise<void> | undefined;
    // The lab's own failure is what the report must show, not a hiccup while cleaning up after it.
    const closeOnce = (error?: unknown) => (closing ??= context.close(error).catch(() => undefined));
    // On a test timeout vitest stops waiting for the body: diagnostics and cleanup must happen
    // here, while the test is still being reported, not whenever the abandoned body notices.
    onTestFailed(({ task: failed }) => closeOnce(failed.result?.errors?.[0] ?? new Error("the lab failed")));
    try {
      await body(context);
    } catch (error) {
      await closeOnce(error);
      throw error;
    }
    await closeOnce();
  });
}
