import { describe, expect, it } from "vitest";
import { podsGoneVerdict, presentVerdict } from "./presence";
import { samplePod } from "./sample-pods";

const service = (deleting = false) => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: {
    name: "grade-submission-api",
    namespace: "t10-ab12",
    uid: "svc-1",
    ...(deleting ? { deletionTimestamp: new Date("2025-11-26T14:03:00Z") } : {}),
  },
});

const pod = (name: string, deleting = false) => samplePod(name, { deleting });

describe("presence", () => {
  it("an object exists once it is there and not being deleted", () => {
    const label = "Service t10-ab12/grade-submission-api";
    expect(presentVerdict(label, service())).toEqual({
      state: "pass",
      message: `${label} exists (uid svc-1)`,
    });
    expect(presentVerdict(label, undefined)).toEqual({
      state: "pending",
      message: `${label} does not exist`,
    });
    expect(presentVerdict(label, service(true)).state).toBe("pending");
  });

  it("pods are gone only when none is left, a terminating one included", () => {
    expect(podsGoneVerdict([])).toEqual({ state: "pass", message: "no pods left" });
    expect(podsGoneVerdict([pod("grade-submission-api-6b8f9c7d5d-x2k9q", true)])).toEqual({
      state: "pending",
      message: "1 pod: grade-submission-api-6b8f9c7d5d-x2k9q Terminating",
    });
  });
});
