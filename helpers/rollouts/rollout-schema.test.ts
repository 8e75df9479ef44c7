import { describe, expect, it } from "vitest";
import { pinnedUpstreamText } from "../install/pinned-upstream";
import {
  COURSE_CANARY_STEPS,
  COURSE_ROLLOUT_NAME,
  COURSE_ROLLOUT_REPLICAS,
  COURSE_STEP,
  courseRollout,
} from "./course-rollout";
import { makeRolloutValidator, rolloutSchemaFromInstallYaml } from "./rollout-schema";
import { IMAGE_V1 } from "./sample-rollouts";

const installYaml = await pinnedUpstreamText("argo-rollouts", "manifests/install.yaml");

let validator: ((manifest: unknown) => string[]) | undefined;
/** Compiled on first use: parsing the 18 000-line install.yaml takes about a second. */
function validate(manifest: unknown): string[] {
  validator ??= makeRolloutValidator(rolloutSchemaFromInstallYaml(installYaml));
  return validator(manifest);
}

describe("the course's Rollout fixture", () => {
  it("has the curriculum's name, replicas and steps, which COURSE_STEP indexes", () => {
    const ro = courseRollout();
    expect(ro.metadata.name).toBe(COURSE_ROLLOUT_NAME);
    expect(ro.spec?.replicas).toBe(COURSE_ROLLOUT_REPLICAS);
    const steps = ro.spec?.strategy?.canary?.steps;
    expect(steps).toEqual(COURSE_CANARY_STEPS);
    expect(steps?.[COURSE_STEP.timedPause]).toEqual({ pause: { duration: 30 } });
    expect(steps?.[COURSE_STEP.manualPause]).toEqual({ pause: {} });
    expect(steps?.length).toBe(COURSE_STEP.done);
  });
});

describe("the course's Rollout against the v1.9.1 CRD schema (install.yaml)", () => {
  it(`accepts fixtures/gitops/grade-api-rollout/rollout.yaml (Lab 1.2), as is and moved to a CI image`, () => {
    expect(validate(courseRollout())).toEqual([]);
    expect(validate(courseRollout({ namespace: "grade", image: IMAGE_V1 }))).toEqual([]);
  });

  it(`accepts every pause.duration form the controller parses (int-or-string)`, () => {
    for (const duration of [30, "30", "30s", "1m"]) {
      const ro = courseRollout({ image: IMAGE_V1 });
      const steps = ro.spec?.strategy?.canary?.steps ?? [];
      steps[1] = { pause: { duration } };
      expect(validate(ro), String(duration)).toEqual([]);
    }
  });

  it(`rejects a mistyped weight and an unknown field, naming the path`, () => {
    const ro = courseRollout({ image: IMAGE_V1 });
    const steps = ro.spec?.strategy?.canary?.steps ?? [];
    steps[0] = { setWeight: "20" as unknown as number };
    steps[2] = { setweight: 50 };
    expect(validate(ro)).toEqual([
      "/spec/strategy/canary/steps/0/setWeight must be integer",
      "/spec/strategy/canary/steps/2 must NOT have additional properties (setweight)",
    ]);
  });
});
