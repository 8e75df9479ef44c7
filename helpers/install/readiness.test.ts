import { describe, expect, it } from "vitest";
import type { ObjectRef } from "../kube/object-ref";
import type { PodLike } from "../kube/pod-summary";
import { waitUntil } from "../wait/wait-until";
import {
  crdEstablished,
  crdVerdict,
  deploymentAvailable,
  deploymentVerdict,
  installExpectations,
  statefulSetVerdict,
} from "./readiness";

const established = (status: string) => ({
  status: {
    conditions: [
      { type: "NamesAccepted", status: "True", reason: "NoConflicts" },
      { type: "Established", status, reason: status === "True" ? "InitialNamesAccepted" : "Installing" },
    ],
  },
});

const deployment = (status: Record<string, unknown>, generation = 1) => ({
  metadata: { generation },
  spec: { replicas: 1, selector: { matchLabels: { "app.kubernetes.io/name": "argocd-server" } } },
  status,
});

const availableStatus = {
  observedGeneration: 1,
  replicas: 1,
  updatedReplicas: 1,
  readyReplicas: 1,
  availableReplicas: 1,
  conditions: [
    { type: "Available", status: "True", reason: "MinimumReplicasAvailable" },
    { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable" },
  ],
};

const pullingPod = (reason: string): PodLike => ({
  metadata: { name: "argocd-server-7d9f-abcde" },
  status: {
    containerStatuses: [
      {
        name: "argocd-server",
        image: "quay.io/argoproj/argocd:v3.5.1",
        state: { waiting: { reason, message: 'Back-off pulling image "quay.io/argoproj/argocd:v3.5.1"' } },
      },
    ],
  },
});

describe("readiness verdicts", () => {
  it("CRD: pending until Established=True; a name conflict fails at once", () => {
    expect(crdVerdict(undefined)).toEqual({ state: "pending", message: "CRD not found yet" });
    expect(crdVerdict(established("False"))).toEqual({
      state: "pending",
      message: "Established=False (Installing)",
    });
    expect(crdVerdict(established("True"))).toEqual({
      state: "pass",
      message: "Established=True (InitialNamesAccepted)",
    });
    expect(
      crdVerdict({
        status: {
          conditions: [{ type: "NamesAccepted", status: "False", reason: "NameConflict", message: "x" }],
        },
      }).state,
    ).toBe("fail");
  });

  it("Deployment: passes only when Available and every replica is updated and available", () => {
    expect(deploymentVerdict(deployment(availableStatus))).toEqual({
      state: "pass",
      message: "1/1 replicas updated, 1 available, 1 in total; Available=True (MinimumReplicasAvailable)",
    });
    // Counts of 0 are omitted from the status.
    expect(
      deploymentVerdict(
        deployment({
          observedGeneration: 1,
          replicas: 1,
          conditions: [{ type: "Available", status: "False", reason: "MinimumReplicasUnavailable" }],
        }),
      ),
    ).toEqual({
      state: "pending",
      message: "0/1 replicas updated, 0 available, 1 in total; Available=False (MinimumReplicasUnavailable)",
    });
    // Still an old pod around: Available, but not done.
    expect(deploymentVerdict(deployment({ ...availableStatus, replicas: 2 })).state).toBe("pending");
  });

  it("Deployment: a status from an older generation is not trusted", () => {
    expect(deploymentVerdict(deployment(availableStatus, 2))).toEqual({
      state: "pending",
      message: "the controller has not observed generation 2 yet (observedGeneration 1)",
    });
  });

  it("Deployment: an image that cannot be pulled fails at once, filed as infrastructure", () => {
    for (const reason of ["ImagePullBackOff", "ErrImagePull"]) {
      const verdict = deploymentVerdict(deployment({ observedGeneration: 1 }), [pullingPod(reason)]);
      expect(verdict.state).toBe("fail");
      expect(verdict.message).toBe(
        `Infrastructure: pod argocd-server-7d9f-abcde container argocd-server cannot pull quay.io/argoproj/argocd:v3.5.1: ${reason} (Back-off pulling image "quay.io/argoproj/argocd:v3.5.1"). Preload the image into k3s (npm run doctor lists the install's images) or give the node access to its registry.`,
      );
    }
    expect(deploymentVerdict(deployment(availableStatus), [pullingPod("ContainerCreating")]).state).toBe(
      "pass",
    );
  });

  it("Deployment: a passed progress deadline fails at once", () => {
    const verdict = deploymentVerdict(
      deployment({
        observedGeneration: 1,
        conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }],
      }),
    );
    expect(verdict).toEqual({ state: "fail", message: "Progressing=False (ProgressDeadlineExceeded)" });
  });

  it("StatefulSet: passes when every replica is ready on the update revision", () => {
    const sts = (status: Record<string, unknown>) => ({
      metadata: { generation: 1 },
      spec: { replicas: 1 },
      status,
    });
    expect(statefulSetVerdict(undefined)).toEqual({ state: "pending", message: "StatefulSet not found yet" });
    expect(
      statefulSetVerdict(
        sts({
          observedGeneration: 1,
          readyReplicas: 1,
          updatedReplicas: 1,
          currentRevision: "a-1",
          updateRevision: "a-1",
        }),
      ),
    ).toEqual({ state: "pass", message: "1/1 replicas ready, 1 updated, revision a-1" });
    expect(
      statefulSetVerdict(
        sts({
          observedGeneration: 1,
          readyReplicas: 1,
          updatedReplicas: 0,
          currentRevision: "a-1",
          updateRevision: "a-2",
        }),
      ),
    ).toEqual({ state: "pending", message: "1/1 replicas ready, 0 updated, revision a-1 updating to a-2" });
    expect(statefulSetVerdict(sts({ observedGeneration: 1 }), [pullingPod("ImagePullBackOff")]).state).toBe(
      "fail",
    );
  });
});

describe("readiness expectations", () => {
  it("read the objects they name and list pods by the workload's selector", async () => {
    const reads: ObjectRef[] = [];
    const selectors: unknown[] = [];
    const read = async (ref: ObjectRef) => {
      reads.push(ref);
      return ref.kind === "Deployment" ? deployment(availableStatus) : established("True");
    };
    const listPods = async (namespace: string, labels: Readonly<Record<string, string>>) => {
      selectors.push({ namespace, labels });
      return [];
    };
    const expectations = installExpectations(
      read,
      {
        crds: ["applications.argoproj.io"],
        workloads: [{ kind: "Deployment", namespace: "argocd", name: "argocd-server" }],
        images: [],
      },
      listPods,
    );
    expect(expectations.map((e) => e.description)).toEqual([
      "CRD applications.argoproj.io Established",
      "Deployment argocd/argocd-server Available",
    ]);
    for (const e of expectations) expect((await e.check()).state).toBe("pass");
    expect(reads).toEqual([
      {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        name: "applications.argoproj.io",
      },
      { apiVersion: "apps/v1", kind: "Deployment", namespace: "argocd", name: "argocd-server" },
    ]);
    expect(selectors).toEqual([
      { namespace: "argocd", labels: { "app.kubernetes.io/name": "argocd-server" } },
    ]);
  });

  it("end a wait at once on a pull failure, and keep polling while an object is missing", async () => {
    const failing = deploymentAvailable(
      async () => deployment({ observedGeneration: 1 }),
      "argocd",
      "argocd-server",
      async () => [pullingPod("ImagePullBackOff")],
    );
    await expect(waitUntil(failing, { timeout: 5_000 })).rejects.toThrow(
      /^Gave up waiting for Deployment argocd\/argocd-server Available after 0\.\d s: Infrastructure: pod /,
    );
    let polls = 0;
    const appears = crdEstablished(
      async () => (++polls < 3 ? undefined : established("True")),
      "x.example.com",
    );
    expect((await waitUntil(appears, { timeout: 5_000 })).polls).toBe(3);
  });
});
