import { inject, type TestContext, test } from "vitest";
import { findLab, LABS, type Lab } from "../catalog/lab-catalog";
import { attachJson, attachText } from "../report/attach";
import { labelControl, labelLab, labelLabPart } from "../report/labels";
import { seconds } from "../report/seconds";
import { step } from "../report/step";
import { uiShortfall } from "../ui/argocd-screenshots";
import { recordControlVerdict } from "./control-record";
import { LabContext } from "./lab-context";
import { controlsRequested, judgeControl, type LabControl } from "./lab-control";
import { activeListing } from "./lab-registry";

/** Specs combine the expectations of their lab's objects with allOf: a spec reads through helpers/lab alone. */
export { allOf } from "../wait/expectation";

export interface LabSpecOptions {
  /** Keys of the docs/upstream-behaviour.md entries this lab depends on (npm run labs:list prints them). */
  relies: readonly string[];
  /** Why the spec differs from the course's snippet, when it must: the report is also the course's errata. */
  differsFromCourse?: string;
  /** Longer than the labs project's default, for labs that hold a window or run CI several times. */
  timeoutMs?: number;
  /** Its negative controls (npm run test:controls): the lab must fail when each is in force. */
  controls: readonly LabControl[];
  /** Why a lab has no control, when it cannot fail apart from the run's setup (M1.1). */
  noControl?: string;
  /**
   * What only Argo CD's web UI can show: a test of its own, "<ID> in the UI: <claim>", run where
   * Argo CD serves its UI and a browser is here. Elsewhere it is skipped, "not verified", saying
   * why: the lab's API evidence never passes for the UI.
   */
  ui?: { claim: string; body: (lab: LabContext) => Promise<void> };
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
          `${"  ".repeat(e.depth)}${e.outcome === "passed" ? "✓" : "✗"} ${e.name} (${seconds(e.durationMs)})`,
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
      ...(options.ui ? { uiClaim: options.ui.claim } : {}),
      controls: options.controls.map((c) => ({ switchedOff: c.switchedOff, caughtAt: c.caughtAt })),
      ...(options.noControl ? { noControl: options.noControl } : {}),
      file: listing.currentFile,
    });
    return;
  }
  if (controlsRequested()) {
    for (const [index, control] of options.controls.entries()) {
      registerControl(lab, name, body, control, index + 1, options.timeoutMs);
    }
    // A lab without controls says why, as a skipped test: a spec file with no test fails the run.
    if (options.controls.length === 0)
      test.skip(`no control for ${id}: ${options.noControl ?? "none declared"}`, () => {});
    return;
  }
  test(name, { timeout: options.timeoutMs }, async ({ signal, task, onTestFailed }) => {
    await labelLab(lab);
    if (options.differsFromCourse)
      await attachText("how this spec differs from the course, and why", options.differsFromCourse);
    await runLab(lab, body, { signal, retry: attemptOf(task), onTestFailed });
  });
  const ui = options.ui;
  if (ui) {
    test(`${id} in the UI: ${ui.claim}`, { timeout: options.timeoutMs }, async (context) => {
      await labelLabPart(lab, "UI");
      const cluster = inject("cluster");
      const shortfall = await uiShortfall(cluster.argoCd.url);
      if (shortfall) {
        // A step, so the report's verdict line can say why (lab-summary.ts reads it).
        await step(`Not verified: the UI part of ${id} was not seen: ${shortfall}`, async () => {});
        context.skip(`not verified: ${shortfall}`);
      }
      await runLab(lab, ui.body, {
        signal: context.signal,
        // A namespace of its own: the API part's may still be terminating.
        retry: UI_PART_ATTEMPTS + attemptOf(context.task),
        onTestFailed: context.onTestFailed,
      });
    });
  }
}

/** The UI part's namespaces are the lab's with -r100 on: apart from the API part's retries and repeats (under 50 repeats). */
const UI_PART_ATTEMPTS = 100;

/**
 * This run of the test among its retries and repeats (`--repeats` to hunt a flake): each gets
 * a namespace of its own, since the previous one may still be terminating.
 */
function attemptOf(task: TestContext["task"]): number {
  return (task.result?.retryCount ?? 0) + 2 * (task.result?.repeatCount ?? 0);
}

/** The lab's body in its own context: diagnostics on failure and cleanup are taken care of here. */
async function runLab(
  lab: Lab,
  body: (lab: LabContext) => Promise<void>,
  test: { signal: AbortSignal; retry: number; onTestFailed: TestContext["onTestFailed"] },
): Promise<void> {
  await attachSetup();
  const context = await LabContext.open(lab, inject("cluster"), test.signal, test.retry);
  let closing: Promise<void> | undefined;
  // Closing after a failure never throws (the lab's own failure is what the report must show);
  // closing after a pass throws when what the lab changed could not be put back.
  const closeOnce = (error?: unknown) => (closing ??= context.close(error));
  // On a test timeout vitest stops waiting for the body: diagnostics and cleanup must happen
  // here, while the test is still being reported, not whenever the abandoned body notices.
  test.onTestFailed(({ task: failed }) =>
    closeOnce(failed.result?.errors?.[0] ?? new Error("the lab failed")).catch(() => undefined),
  );
  try {
    await body(context);
  } catch (error) {
    await closeOnce(error).catch(() => undefined);
    throw error;
  }
  await closeOnce();
}

/**
 * One negative control as a test of its own: the lab's body in a world with
 * the control in force. The test passes when the lab fails at the control's
 * expectation ("caught"), and fails when the lab passes or fails elsewhere.
 */
function registerControl(
  lab: Lab,
  name: string,
  body: (lab: LabContext) => Promise<void>,
  control: LabControl,
  /** Each control of a lab gets its own namespace, as a retry does: the previous one may still be terminating. */
  ordinal: number,
  timeoutMs: number | undefined,
): void {
  test(`control: ${name}, with ${control.switchedOff} switched off`, { timeout: timeoutMs }, async ({
    signal,
  }) => {
    await labelControl(lab, control.switchedOff);
    await attachText(
      "the control",
      `${control.switchedOff} switched off (${JSON.stringify(control.change)}); the lab must fail at "${control.caughtAt}"`,
    );
    const context = await LabContext.open(lab, inject("cluster"), signal, ordinal, control);
    let failure: unknown;
    try {
      await body(context);
    } catch (error) {
      failure = error;
    }
    await context.close(failure === undefined ? new Error("the control was not caught") : undefined);
    const verdict = judgeControl(control, failure);
    // A step, not an attachment: the lab's page and the front page read it from the result.
    await step(`Verdict: ${verdict.line}`, async () => {});
    await recordControlVerdict(lab.id, control, verdict);
    if (!verdict.caught) throw new Error(`${lab.id}: ${verdict.line}`);
  });
}
