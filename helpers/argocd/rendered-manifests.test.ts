import { describe, expect, it } from "vitest";
import { courseRollout } from "../rollouts/course-rollout";
import type { KubernetesObject } from "./argocd-api";
import { differences, sameManifestsVerdict } from "./rendered-manifests";

const IMAGE = "grade-submission-api:3f2a9c1";
const rollout = (): KubernetesObject => courseRollout({ image: IMAGE }) as unknown as KubernetesObject;

describe("differences", () => {
  it("names each differing path with both values", () => {
    expect(differences({ a: { b: [1, 2] }, c: "x" }, { a: { b: [1, 3] }, d: true })).toEqual([
      "/a/b/1: 2 ≠ 3",
      '/c: "x" ≠ absent',
      "/d: absent ≠ true",
    ]);
    expect(differences({ replicas: 3 }, { replicas: "3" })).toEqual(['/replicas: 3 ≠ "3"']);
    expect(differences([1], { 0: 1 })).toEqual(['/: [1] ≠ {"0":1}']);
  });
});

describe("sameManifestsVerdict (the chart renders the same Rollout as the plain YAML)", () => {
  it("passes on equal objects whatever their order", () => {
    const service = { apiVersion: "v1", kind: "Service", metadata: { name: "grade-submission-api" } };
    expect(sameManifestsVerdict([rollout(), service], [service, rollout()])).toEqual({
      state: "pass",
      message: "the same 2 object(s): Service/grade-submission-api, Rollout/grade-submission-api",
    });
  });

  it("is pending with the differences, the missing and the extra objects", () => {
    const changed = rollout() as {
      spec: { replicas: number; template: { spec: { containers: { image: string }[] } } };
    };
    changed.spec.replicas = 2;
    const [container] = changed.spec.template.spec.containers;
    if (container) container.image = "grade-submission-api:seed";
    const verdict = sameManifestsVerdict(
      [rollout()],
      [changed as unknown as KubernetesObject, { kind: "ConfigMap", metadata: { name: "x" } }],
    );
    expect(verdict.state).toBe("pending");
    expect(verdict.message).toBe(
      'rendered Rollout/grade-submission-api, ConfigMap/x; ConfigMap/x not expected; Rollout/grade-submission-api /spec/replicas: 3 ≠ 2; Rollout/grade-submission-api /spec/template/spec/containers/0/image: "grade-submission-api:3f2a9c1" ≠ "grade-submission-api:seed"',
    );
    expect(sameManifestsVerdict([rollout()], []).message).toBe(
      "rendered nothing; Rollout/grade-submission-api missing",
    );
  });
});
