import type { KubeClients } from "../kube/kube-clients";
import { type Expectation, expectation, fail, pass, pending, type Verdict } from "../wait/expectation";
import { findRollout } from "./rollout-api";
import type { CanaryStep, RolloutObject } from "./rollout-status";

/**
 * The pause steps as the live Rollout defines them. "Promotion is controlled, not automatic"
 * rests on a pause with no duration: Argo Rollouts then holds it until a promote. A duration
 * (an integer of seconds, or a Go duration such as "30s" or "1m30s") ends it by itself.
 */

const UNIT_MS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 1e-6,
};

/** The pause's duration in ms; undefined when it has none (held until promoted). */
export function pauseDurationMs(step: CanaryStep): number | undefined {
  const duration = step.pause?.duration;
  if (duration === undefined || duration === "") return undefined;
  if (typeof duration === "number" || /^\d+$/.test(duration)) return Number(duration) * 1000;
  const parts = [...duration.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)];
  if (parts.map((p) => p[0]).join("") !== duration)
    throw new Error(`a pause duration Argo Rollouts would not read: "${duration}"`);
  return parts.reduce((ms, p) => ms + Number(p[1]) * (UNIT_MS[p[2] ?? ""] ?? 0), 0);
}

/** The longest timed pause among the Rollout's steps, in ms (0 when it has none). */
export function longestTimedPauseMs(ro: RolloutObject): number {
  const steps = ro.spec?.strategy?.canary?.steps ?? [];
  return Math.max(0, ...steps.map((s) => (s.pause ? (pauseDurationMs(s) ?? 0) : 0)));
}

/** The step at `stepIndex` of the live Rollout is a pause with no duration. Final either way. */
export function indefinitePauseVerdict(ro: RolloutObject, stepIndex: number): Verdict {
  const step = ro.spec?.strategy?.canary?.steps?.[stepIndex];
  const shown = JSON.stringify(step ?? null);
  if (!step?.pause) return fail(`step ${stepIndex} is not a pause step: ${shown}`);
  const ms = pauseDurationMs(step);
  if (ms !== undefined)
    return fail(`step ${stepIndex} is a timed pause (${shown}): it ends by itself after ${ms / 1000} s`);
  return pass(`step ${stepIndex} is ${shown}: no duration, held until promoted`);
}

export function rolloutPauseHasNoDuration(
  k: KubeClients,
  namespace: string,
  name: string,
  stepIndex: number,
): Expectation {
  return expectation(
    `Rollout ${namespace}/${name}'s step ${stepIndex} to be a pause with no duration`,
    async () => {
      const ro = await findRollout(k, namespace, name);
      return ro ? indefinitePauseVerdict(ro, stepIndex) : pending(`Rollout ${namespace}/${name} not found`);
    },
  );
}
