import type { CoreV1Event } from "@kubernetes/client-node";
import { describeApiError } from "../kube/api-error";
import type { KubeClients } from "../kube/kube-clients";
import { type Expectation, expectation, fail, pass, pending, type Verdict } from "../wait/expectation";

/**
 * Proof that a timed pause step (`pause: {duration: 30}`) held for its duration and then
 * ended by itself, from the controller's own clock: each completed canary step is a
 * `RolloutStepCompleted` event "Rollout step <n>/<total> completed (<step>)", n counting
 * from 1 (rollout/canary.go#L409-L414 at v1.9.1). The pause condition is added after the
 * previous step completed and expires `duration` after its start (rollout/pause.go
 * CompletedCanaryPauseStep), so the two events are at least `duration` apart. Both
 * timestamps have second precision, as does the pause condition's startTime the
 * controller compares against, so the bound holds exactly. Judge it before the next
 * revision starts: the recorder aggregates a repeated step into the same event.
 */

export const STEP_COMPLETED_REASON = "RolloutStepCompleted";

function eventTime(event: CoreV1Event): number | undefined {
  // The latest occurrence: the same step of an earlier revision is aggregated into the same event.
  const at = event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp;
  if (at === undefined) return undefined;
  const ms = new Date(at as Date | string).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/** The event of step number `n` (1-based) completing, if the controller recorded it. */
function stepCompleted(events: readonly CoreV1Event[], n: number): CoreV1Event | undefined {
  return events.find(
    (e) => e.reason === STEP_COMPLETED_REASON && (e.message ?? "").startsWith(`Rollout step ${n}/`),
  );
}

/**
 * The pause at `pauseStepIndex` (0-based, as status.currentStepIndex) lasted at least
 * `durationSeconds` and ended without a promote. Needs a step before the pause (the
 * course's setWeight 20 before its 30 s pause): the pause begins after that one completes.
 */
export function timedPauseVerdict(
  events: readonly CoreV1Event[],
  pauseStepIndex: number,
  durationSeconds: number,
): Verdict {
  if (pauseStepIndex < 1)
    throw new Error("a timed pause is judged from the step before it: index 1 or later");
  const before = stepCompleted(events, pauseStepIndex);
  const pause = stepCompleted(events, pauseStepIndex + 1);
  const seen = events
    .filter((e) => e.reason === STEP_COMPLETED_REASON)
    .map((e) => `"${e.message ?? ""}"`)
    .join(", ");
  if (!before || !pause)
    return pending(
      `waiting for the RolloutStepCompleted events of steps ${pauseStepIndex} and ${pauseStepIndex + 1}; seen: ${seen || "none"}`,
    );
  const start = eventTime(before);
  const end = eventTime(pause);
  if (start === undefined || end === undefined)
    return fail(`the RolloutStepCompleted events carry no timestamp: ${seen}`);
  const lasted = (end - start) / 1000;
  const text = `"${pause.message}" ${lasted} s after "${before.message}" (controller events)`;
  return lasted >= durationSeconds
    ? pass(text)
    : fail(`${text}: the ${durationSeconds} s pause ended after only ${lasted} s`);
}

export function timedPauseHeld(
  k: KubeClients,
  namespace: string,
  name: string,
  pauseStepIndex: number,
  durationSeconds: number,
): Expectation {
  return expectation(
    `Rollout ${namespace}/${name} to have held the pause at step ${pauseStepIndex} for ${durationSeconds} s, then gone on by itself`,
    async () => {
      try {
        const events = await k.core.listNamespacedEvent({
          namespace,
          fieldSelector: `involvedObject.kind=Rollout,involvedObject.name=${name}`,
        });
        return timedPauseVerdict(events.items, pauseStepIndex, durationSeconds);
      } catch (e) {
        throw new Error(`listing the events of Rollout ${namespace}/${name}: ${describeApiError(e)}`);
      }
    },
  );
}
