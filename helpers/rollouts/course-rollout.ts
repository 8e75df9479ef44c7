import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../project/paths";
import type { CanaryStep, RolloutObject } from "./rollout-status";

/**
 * The course's Rollout (Lab 1.2, "Convert Deployment → Rollout"): the fixture
 * the labs commit to the GitOps repo, and what its steps mean for the waits.
 */
export const COURSE_ROLLOUT_FILE = path.join(PROJECT_ROOT, "fixtures/gitops/grade-api-rollout/rollout.yaml");
export const COURSE_ROLLOUT_NAME = "grade-submission-api";
export const COURSE_ROLLOUT_REPLICAS = 3;

/** The curriculum's steps; a self-test checks the fixture still has them. */
export const COURSE_CANARY_STEPS: readonly CanaryStep[] = [
  { setWeight: 20 },
  { pause: { duration: 30 } },
  { setWeight: 50 },
  { pause: {} },
];

/** Step indices of COURSE_CANARY_STEPS as status.currentStepIndex reports them. */
export const COURSE_STEP = {
  weight20: 0,
  /** pause {duration: 30}: an integer is seconds; it ends alone after 30 s, or at a promote. */
  timedPause: 1,
  weight50: 2,
  /** pause {}: only a promote ends it. */
  manualPause: 3,
  /** currentStepIndex once every step is done. */
  done: 4,
} as const;

/** The fixture as an object, optionally placed in a namespace and moved to an image (as the CI update would). */
export function courseRollout(options: { namespace?: string; image?: string } = {}): RolloutObject {
  const ro = parse(readFileSync(COURSE_ROLLOUT_FILE, "utf8")) as RolloutObject;
  if (options.namespace) ro.metadata.namespace = options.namespace;
  const [app] = ro.spec?.template?.spec?.containers ?? [];
  if (options.image) {
    if (!app) throw new Error(`${COURSE_ROLLOUT_FILE} has no container to set the image of`);
    app.image = options.image;
  }
  return ro;
}
