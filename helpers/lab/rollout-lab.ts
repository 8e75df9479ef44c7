import { expectedSplit } from "../rollouts/canary-split";
import {
  COURSE_CANARY_STEPS,
  COURSE_ROLLOUT_NAME,
  COURSE_ROLLOUT_REPLICAS,
} from "../rollouts/course-rollout";
import { rolloutPausedAtStep, rolloutPodSplit } from "../rollouts/rollout-expectations";
import { allOf, type Expectation } from "../wait/expectation";
import type { LabContext } from "./lab-context";

/**
 * The course's Rollout in a lab's namespace, in the terms the course uses: "paused at 20 %"
 * means the pause step after `setWeight: 20`, with the canary/stable pod split that weight
 * gives on 3 replicas without traffic routing (1 + 3, then 2 + 2 at 50 %).
 */

/** The weight in force at a step: the last setWeight at or before it. */
export function weightAt(stepIndex: number): number {
  const weights = COURSE_CANARY_STEPS.slice(0, stepIndex + 1).flatMap((s) =>
    s.setWeight === undefined ? [] : [s.setWeight],
  );
  const weight = weights.at(-1);
  if (weight === undefined)
    throw new Error(`no setWeight at or before step ${stepIndex} of the course's Rollout`);
  return weight;
}

/** Paused at the pause step `stepIndex`, its pods split as the weight before it implies. */
export function canaryPausedAt(lab: LabContext, stepIndex: number): Expectation {
  const weight = weightAt(stepIndex);
  return allOf(
    `the canary paused at step ${stepIndex} (setWeight ${weight})`,
    rolloutPausedAtStep(lab.kube, lab.namespace, COURSE_ROLLOUT_NAME, stepIndex),
    rolloutPodSplit(
      lab.kube,
      lab.namespace,
      COURSE_ROLLOUT_NAME,
      expectedSplit(weight, COURSE_ROLLOUT_REPLICAS),
    ),
  );
}
