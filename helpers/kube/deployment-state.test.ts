import type { V1Deployment } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { deploymentOnImageVerdict, deploymentReplicasVerdict } from "./deployment-state";
import { IMAGE_V1 } from "./sample-pods";

describe("deploymentReplicasAre", () => {
  const deployment = (spec: number, status: V1Deployment["status"], generation = 4): V1Deployment => ({
    metadata: { name: "grade-submission-api", namespace: "grade", generation },
    spec: { replicas: spec, selector: { matchLabels: { app: "grade-submission-api" } }, template: {} },
    status,
  });

  it("passes when spec and ready, total and updated counts all match, for the observed generation", () => {
    const verdict = deploymentReplicasVerdict(
      deployment(3, {
        observedGeneration: 4,
        replicas: 3,
        readyReplicas: 3,
        updatedReplicas: 3,
        availableReplicas: 3,
      }),
      3,
    );
    expect(verdict).toEqual({
      state: "pass",
      message: "spec.replicas=3, 3 ready / 3 total, 3 updated, observedGeneration 4 of 4",
    });
  });

  it("does not trust counts from before the latest spec was observed", () => {
    const verdict = deploymentReplicasVerdict(
      deployment(1, { observedGeneration: 3, replicas: 1, readyReplicas: 1, updatedReplicas: 1 }),
      1,
    );
    expect(verdict.state).toBe("pending");
    expect(verdict.message).toMatch(/^generation 4 not observed yet;/);
  });

  it("reads omitted zero counts as 0 (scaled to zero)", () => {
    expect(deploymentReplicasVerdict(deployment(0, { observedGeneration: 4 }), 0).state).toBe("pass");
    expect(
      deploymentReplicasVerdict(deployment(1, { observedGeneration: 4, replicas: 3, readyReplicas: 3 }), 1)
        .state,
    ).toBe("pending");
  });
});

describe("deploymentOnImage", () => {
  const deployment = (image: string, status: V1Deployment["status"], generation = 6): V1Deployment => ({
    metadata: { name: "grade-submission-api", namespace: "grade", generation },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: "grade-submission-api" } },
      template: { spec: { containers: [{ name: "app", image }] } },
    },
    status,
  });
  const rolledOut = { observedGeneration: 6, replicas: 1, readyReplicas: 1, updatedReplicas: 1 };

  it("waits while the template is still on the edited image, however ready its pods are", () => {
    const verdict = deploymentOnImageVerdict(deployment("nginx:latest", rolledOut), IMAGE_V1);
    expect(verdict).toEqual({
      state: "pending",
      message: `the pod template is on [nginx:latest], not ${IMAGE_V1}`,
    });
  });

  it("waits while a pod of the edited template still counts (self-heal applied, rollout not finished)", () => {
    const verdict = deploymentOnImageVerdict(
      deployment(IMAGE_V1, { observedGeneration: 6, replicas: 2, readyReplicas: 1, updatedReplicas: 1 }),
      IMAGE_V1,
    );
    expect(verdict.state).toBe("pending");
    expect(verdict.message).toMatch(/rollout not complete: spec.replicas=1, 1 ready \/ 2 total/);
  });

  it("passes once the template is back on the image and rolled out", () => {
    expect(deploymentOnImageVerdict(deployment(IMAGE_V1, rolledOut), IMAGE_V1).state).toBe("pass");
  });
});
