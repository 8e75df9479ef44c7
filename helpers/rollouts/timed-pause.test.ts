import type { CoreV1Event } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { makeKubeClients } from "../kube/kube-clients";
import { listBody, statusBody, useStubKubeApi } from "../kube/stub-kube-api";
import { timedPauseHeld, timedPauseVerdict } from "./timed-pause";

/** An event as the controller's client-go recorder writes it (second-precision timestamps). */
function stepEvent(message: string, at: string): CoreV1Event {
  return {
    metadata: { name: `grade-submission-api.${at}`, namespace: "grade" },
    involvedObject: { kind: "Rollout", name: "grade-submission-api", namespace: "grade" },
    reason: "RolloutStepCompleted",
    message,
    type: "Normal",
    firstTimestamp: new Date(at),
    lastTimestamp: new Date(at),
  };
}

const weight20 = stepEvent("Rollout step 1/4 completed (setWeight: 20)", "2025-11-26T14:02:11Z");
const paused = (at: string) => stepEvent("Rollout step 2/4 completed (pause: 30s)", at);

describe("timedPauseVerdict (the course's pause: {duration: 30} at step index 1)", () => {
  it("passes when the pause step completed at least 30 s after the setWeight before it", () => {
    expect(timedPauseVerdict([weight20, paused("2025-11-26T14:02:42Z")], 1, 30)).toEqual({
      state: "pass",
      message:
        '"Rollout step 2/4 completed (pause: 30s)" 31 s after "Rollout step 1/4 completed (setWeight: 20)" (controller events)',
    });
    expect(timedPauseVerdict([weight20, paused("2025-11-26T14:02:41Z")], 1, 30).state).toBe("pass");
  });

  it("fails when the pause ended early (a promote, or a duration read as something else)", () => {
    expect(timedPauseVerdict([weight20, paused("2025-11-26T14:02:13Z")], 1, 30)).toMatchObject({
      state: "fail",
      message: expect.stringMatching(/the 30 s pause ended after only 2 s$/),
    });
  });

  it("is pending until both events exist, listing what it saw", () => {
    expect(timedPauseVerdict([weight20], 1, 30)).toEqual({
      state: "pending",
      message:
        'waiting for the RolloutStepCompleted events of steps 1 and 2; seen: "Rollout step 1/4 completed (setWeight: 20)"',
    });
  });

  it("takes each event's latest occurrence: an earlier revision's aggregated step does not count", () => {
    const repeated = { ...weight20, firstTimestamp: new Date("2025-11-26T13:00:00Z") };
    expect(timedPauseVerdict([repeated, paused("2025-11-26T14:02:42Z")], 1, 30).message).toMatch(
      / 31 s after /,
    );
  });

  it("ignores other events and other steps", () => {
    const other = { ...weight20, reason: "RolloutPaused", message: "Rollout is paused (CanaryPauseStep)" };
    const step3 = stepEvent("Rollout step 3/4 completed (setWeight: 50)", "2025-11-26T14:02:50Z");
    expect(timedPauseVerdict([other, step3, paused("2025-11-26T14:02:42Z")], 1, 30).state).toBe("pending");
  });
});

describe("timedPauseHeld against a stub API server", () => {
  const stubs = useStubKubeApi();

  it("lists the Rollout's events by involvedObject", async () => {
    const stub = await stubs.start([
      {
        method: "GET",
        path: "/api/v1/namespaces/grade/events",
        reply: () => listBody("EventList", [weight20, paused("2025-11-26T14:02:42Z")]),
      },
    ]);
    const verdict = await timedPauseHeld(
      makeKubeClients(stub.kubeconfig),
      "grade",
      "grade-submission-api",
      1,
      30,
    ).check();
    expect(verdict.state).toBe("pass");
    expect(stub.requests[0]?.query.get("fieldSelector")).toBe(
      "involvedObject.kind=Rollout,involvedObject.name=grade-submission-api",
    );
  });
});

describe("timedPauseVerdict, in detail", () => {
  it("refuses to judge a pause with no step before it", () => {
    expect(() => timedPauseVerdict([], 0, 30)).toThrow(
      "a timed pause is judged from the step before it: index 1 or later",
    );
  });

  it("says none were seen before the first step completes", () => {
    expect(timedPauseVerdict([], 1, 30).message).toBe(
      "waiting for the RolloutStepCompleted events of steps 1 and 2; seen: none",
    );
  });

  it("passes at exactly the duration, the controller's second-precision bound", () => {
    expect(timedPauseVerdict([weight20, paused("2025-11-26T14:02:41Z")], 1, 30).message).toMatch(
      / 30 s after /,
    );
    expect(timedPauseVerdict([weight20, paused("2025-11-26T14:02:40Z")], 1, 30)).toMatchObject({
      state: "fail",
      message: expect.stringMatching(/the 30 s pause ended after only 29 s$/),
    });
  });

  it("falls back to eventTime, then firstTimestamp, and fails when an event has no usable time", () => {
    const onlyEventTime = {
      ...weight20,
      lastTimestamp: undefined,
      firstTimestamp: undefined,
      eventTime: new Date("2025-11-26T14:02:11Z"),
    };
    const onlyFirst = { ...paused("2025-11-26T14:02:42Z"), lastTimestamp: undefined };
    expect(timedPauseVerdict([onlyEventTime, onlyFirst], 1, 30).message).toMatch(/ 31 s after /);
    const timeless = { ...weight20, lastTimestamp: undefined, firstTimestamp: undefined };
    expect(timedPauseVerdict([timeless, paused("2025-11-26T14:02:42Z")], 1, 30)).toEqual({
      state: "fail",
      message:
        'the RolloutStepCompleted events carry no timestamp: "Rollout step 1/4 completed (setWeight: 20)", "Rollout step 2/4 completed (pause: 30s)"',
    });
    const garbled = { ...paused("2025-11-26T14:02:42Z"), lastTimestamp: "not a date" as unknown as Date };
    expect(timedPauseVerdict([weight20, garbled], 1, 30).state).toBe("fail");
  });

  it("tells step 1 from step 10", () => {
    const step10 = stepEvent("Rollout step 10/12 completed (setWeight: 90)", "2025-11-26T14:00:00Z");
    const step2 = stepEvent("Rollout step 2/12 completed (pause: 30s)", "2025-11-26T14:02:42Z");
    expect(timedPauseVerdict([step10, step2], 1, 30).state).toBe("pending");
  });
});

describe("timedPauseHeld, what it says", () => {
  const stubs = useStubKubeApi();

  it("names the pause it proves, and says which Rollout's events it could not list", async () => {
    const stub = await stubs.start([
      {
        method: "GET",
        path: "/api/v1/namespaces/grade/events",
        reply: () => statusBody(403, "Forbidden", "events is forbidden"),
      },
    ]);
    const exp = timedPauseHeld(makeKubeClients(stub.kubeconfig), "grade", "grade-submission-api", 1, 30);
    expect(exp.description).toBe(
      "Rollout grade/grade-submission-api to have held the pause at step 1 for 30 s, then gone on by itself",
    );
    await expect(exp.check()).rejects.toThrow(
      /^listing the events of Rollout grade\/grade-submission-api: .*403/,
    );
  });
});

describe("timedPauseVerdict, what it lists", () => {
  it("lists only the step-completed events it saw, in order", () => {
    const other = { ...weight20, reason: "RolloutPaused", message: "Rollout is paused (CanaryPauseStep)" };
    const step3 = stepEvent("Rollout step 3/4 completed (setWeight: 50)", "2025-11-26T14:02:50Z");
    expect(timedPauseVerdict([other, weight20, step3], 1, 30).message).toBe(
      'waiting for the RolloutStepCompleted events of steps 1 and 2; seen: "Rollout step 1/4 completed (setWeight: 20)", "Rollout step 3/4 completed (setWeight: 50)"',
    );
  });
});

describe("timedPauseVerdict, events of another reason", () => {
  it("does not take a warning that quotes a step for the step completing", () => {
    const warning = { ...paused("2025-11-26T14:02:42Z"), reason: "RolloutStepFailed", type: "Warning" };
    expect(timedPauseVerdict([weight20, warning], 1, 30).state).toBe("pending");
  });
});

describe("timedPauseVerdict, an unusable pause event", () => {
  it("fails saying so when only the pause step's event has no usable time", () => {
    const garbled = { ...paused("2025-11-26T14:02:42Z"), lastTimestamp: "not a date" as unknown as Date };
    expect(timedPauseVerdict([weight20, garbled], 1, 30)).toEqual({
      state: "fail",
      message:
        'the RolloutStepCompleted events carry no timestamp: "Rollout step 1/4 completed (setWeight: 20)", "Rollout step 2/4 completed (pause: 30s)"',
    });
  });
});
