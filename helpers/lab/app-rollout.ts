import type { KubeClients } from "../kube/kube-clients";
import { expectedSplit } from "../rollouts/canary-split";
import { COURSE_CANARY_STEPS, COURSE_ROLLOUT_REPLICAS, COURSE_STEP } from "../rollouts/course-rollout";
import { longestTimedPauseMs, rolloutPauseHasNoDuration } from "../rollouts/pause-steps";
import { abort, type PromoteResult, promote } from "../rollouts/rollout-actions";
import { readRollout } from "../rollouts/rollout-api";
import {
  rolloutAbortedToStable,
  rolloutHealthy,
  rolloutPausedAtStep,
  rolloutPodSplit,
} from "../rollouts/rollout-expectations";
import {
  type RolloutSnapshot,
  rolloutAtRevision,
  rolloutSnapshot,
  rolloutUntouched,
} from "../rollouts/rollout-revision";
import type { RolloutObject } from "../rollouts/rollout-status";
import { timedPauseHeld } from "../rollouts/timed-pause";
import { allOf, type Expectation } from "../wait/expectation";

/** Beyond the longest timed pause: a pause still held then did not end by a timer of its own. */
const UNTIL_PROMOTED_MARGIN_MS = 5_000;

/** A step of the course's Rollout by its COURSE_STEP name ("timedPause", "manualPause"). */
export type CourseStepName = keyof typeof COURSE_STEP;

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

/**
 * The app's Rollout in the lab's namespace (the course's Rollout from Lab 1.2 on), in the
 * terms the course uses: "paused at 20 %" means the pause step after `setWeight: 20`, with
 * the canary/stable pod split that weight gives on 3 replicas without traffic routing
 * (1 + 3, then 2 + 2 at 50 %).
 */
export class AppRollout {
  constructor(
    private readonly kube: KubeClients,
    readonly namespace: string,
    readonly name: string,
  ) {}

  /** Every step done, every pod Ready on `image`. */
  healthy(image: string): Expectation {
    return rolloutHealthy(this.kube, this.namespace, this.name, image);
  }

  /** At revision `revision` (its annotation) with all steps done. */
  atRevision(revision: string): Expectation {
    return rolloutAtRevision(this.kube, this.namespace, this.name, revision);
  }

  /** Paused at the pause step `step`, whatever its pods. */
  pausedAt(step: CourseStepName): Expectation {
    return rolloutPausedAtStep(this.kube, this.namespace, this.name, COURSE_STEP[step]);
  }

  /** Paused at the pause step `step`, its pods split as the weight before it implies. */
  canaryPausedAt(step: CourseStepName): Expectation {
    const stepIndex = COURSE_STEP[step];
    const weight = weightAt(stepIndex);
    return allOf(
      `the canary paused at step ${stepIndex} (setWeight ${weight})`,
      rolloutPausedAtStep(this.kube, this.namespace, this.name, stepIndex),
      rolloutPodSplit(this.kube, this.namespace, this.name, expectedSplit(weight, COURSE_ROLLOUT_REPLICAS)),
    );
  }

  /** The live Rollout's step `step` is a pause with no duration: held until promoted. */
  pauseHasNoDuration(step: CourseStepName): Expectation {
    return rolloutPauseHasNoDuration(this.kube, this.namespace, this.name, COURSE_STEP[step]);
  }

  /** How long "until promoted" must be seen to hold: longer than any timed pause of the live Rollout. */
  async untilPromotedWindowMs(): Promise<number> {
    const longest = longestTimedPauseMs(await readRollout(this.kube, this.namespace, this.name));
    return longest + UNTIL_PROMOTED_MARGIN_MS;
  }

  /** The timed pause `step` held `durationSeconds`, then went on by itself (its step events). */
  timedPauseHeld(step: CourseStepName, durationSeconds: number): Expectation {
    return timedPauseHeld(this.kube, this.namespace, this.name, COURSE_STEP[step], durationSeconds);
  }

  /** `kubectl argo rollouts promote`. */
  promote(): Promise<PromoteResult> {
    return promote(this.kube, this.namespace, this.name);
  }

  /** `kubectl argo rollouts abort`. */
  abort(): Promise<RolloutObject> {
    return abort(this.kube, this.namespace, this.name);
  }

  /** After an abort: every pod back on the stable ReplicaSet. */
  abortedToStable(): Expectation {
    return rolloutAbortedToStable(this.kube, this.namespace, this.name);
  }

  /** Its generation and revision now, for `untouched` later. */
  async snapshot(): Promise<RolloutSnapshot> {
    return rolloutSnapshot(await readRollout(this.kube, this.namespace, this.name));
  }

  untouched(before: RolloutSnapshot): Expectation {
    return rolloutUntouched(this.kube, this.namespace, this.name, before);
  }
}
