import { describe, expect, it } from "vitest";
import { LABS } from "../catalog/lab-catalog";
import { controlsCount, type LabDeclaration, labLines } from "./lab-summary";
import type { ResultFile } from "./result-files";

// Result files shaped as the suite's reporter writes them (see flaky.test.ts and report.test.ts).
const labels = (id: string, story: string, extra: Record<string, string> = {}) => [
  { name: "epic", value: "Project 1: Git vs human" },
  { name: "story", value: story },
  { name: "labId", value: id },
  ...Object.entries(extra).map(([name, value]) => ({ name, value })),
];
const steps = (...names: string[]) => names.map((name) => ({ name, status: "passed", steps: [] }));

const T01_OLD: ResultFile = {
  uuid: "t01-old",
  name: "humans cannot change production",
  status: "failed",
  stop: 500,
  labels: labels("T01", "Humans cannot change production"),
  statusDetails: { message: "an older run" },
};
const T01: ResultFile = {
  uuid: "t01",
  name: "humans cannot change production",
  status: "passed",
  start: 1_000,
  stop: 61_000,
  labels: labels("T01", "Humans cannot change production"),
  statusDetails: { flaky: true, message: "Flaky: passed on attempt 2 of 2, after attempt 1 failed: boom" },
  steps: [
    ...steps(
      "Wait until 1 replica: reached after 6.8 s",
      "Measured: self-heal: back to 1 replica after 6.8 s",
    ),
    { name: "Clean up lab T01", steps: steps("Wait until Application gone: reached after 31.9 s") },
  ],
};
const T07: ResultFile = {
  uuid: "t07",
  name: "manual mode",
  status: "passed",
  stop: 2_000,
  labels: labels("T07", "Disable auto-sync (manual mode)"),
  steps: steps(
    "Hold the change waiting in Git for 20.0 s, after Application OutOfSync at a34331d",
    "Measured: the manual sync deployed the change after 1.7 s",
  ),
};
const M33: ResultFile = {
  uuid: "m33",
  name: "read-only",
  status: "passed",
  stop: 3_000,
  labels: labels("M3.3", "Argo CD RBAC (app level)"),
  steps: steps(
    'Argo CD API as ro-m3-3: sync application app: refused with HTTP 403 "permission denied: applications, sync, default/app", as the course promises: role:readonly\'s sync is denied',
  ),
};
const M31: ResultFile = {
  uuid: "m31",
  name: "role",
  status: "passed",
  stop: 3_000,
  labels: labels("M3.1", "Read-only Kubernetes Role"),
  steps: steps(
    "Wait until Role exists: reached after 0.1 s",
    "Wait until dev-user may read: reached after 0.5 s",
  ),
};
const M13: ResultFile = {
  uuid: "m13",
  name: "a canary pauses at 20%",
  status: "broken",
  stop: 125_000,
  labels: labels("M1.3", "Observe and promote a canary"),
  statusDetails: {
    message: "Timed out after 120.0 s waiting for the Rollout | paused\nlast state: Progressing",
  },
};
const M34_UI: ResultFile = {
  uuid: "m34-ui",
  name: "M3.4 in the UI: the UI refuses Sync",
  status: "skipped",
  stop: 1_000,
  labels: labels("M3.4", "UI restrictions", { labPart: "UI" }),
  steps: steps("Not verified: the UI part of M3.4 was not seen: Argo CD serves no web UI"),
};
const control = (switchedOff: string, status: string, verdict: string): ResultFile => ({
  uuid: `t01-${switchedOff}`,
  name: `control: T01, with ${switchedOff} switched off`,
  status,
  stop: 90_000,
  labels: labels("T01", "Humans cannot change production", { control: switchedOff }),
  steps: steps(`Verdict: ${verdict}`),
});
const DECLARED: LabDeclaration[] = [
  { id: "T01", name: "T01 sentence", controls: ["the lab's action", "self-heal"] },
  { id: "M1.1", name: "M1.1 sentence", controls: [], noControl: "it cannot fail apart from setup" },
  { id: "T05", name: "T05 sentence", controls: ["the lab's action"], uiClaim: "the UI shows Degraded" },
];

const lines = labLines([T01_OLD, T01, T07, M33, M31, M13, M34_UI], {
  controlResults: [
    control("the lab's action", "passed", "caught at Timed out after 60.0 s waiting for OutOfSync"),
    control("self-heal", "failed", 'NOT caught at "at 1 ready replica": it failed elsewhere: setup'),
  ],
  declarations: DECLARED,
});
const line = (id: string) => {
  const found = lines.find((l) => l.id === id);
  if (!found) throw new Error(`no line ${id}`);
  return found;
};

describe("what a run showed, lab by lab", () => {
  it("has a row for every lab of the course, in course order, and for each part, run or not", () => {
    expect(lines.filter((l) => !l.part).map((l) => l.id)).toEqual(LABS.map((l) => l.id));
    expect(lines.filter((l) => l.part).map((l) => l.id)).toEqual(["T05 (UI)", "M3.4 (UI)"]);
    expect(line("T02").verdict).toBe("not run");
    expect(line("T05 (UI)").verdict).toBe("not run");
  });

  it("takes the newest result of a lab, and calls a pass verified, a skip not verified, anything else failed", () => {
    expect(line("T01")).toMatchObject({ verdict: "verified", flaky: true, durationMs: 60_000 });
    expect(line("M3.4 (UI)")).toMatchObject({
      verdict: "not verified",
      failure: "Not verified: the UI part of M3.4 was not seen: Argo CD serves no web UI",
    });
    expect(line("M1.3")).toMatchObject({
      verdict: "failed",
      failure: "Timed out after 120.0 s waiting for the Rollout | paused",
    });
  });

  it("says what was seen: measurements, held windows, promised refusals, else the last wait; never the cleanup's", () => {
    expect(line("T01").seen).toEqual(["self-heal: back to 1 replica after 6.8 s"]);
    expect(line("T01").slowestWait).toEqual({ what: "1 replica", seconds: 6.8 });
    expect(line("T07").seen).toEqual([
      "held: the change waiting in Git for 20.0 s",
      "the manual sync deployed the change after 1.7 s",
    ]);
    expect(line("M3.3").seen).toEqual(["refused: ro-m3-3's sync application app (HTTP 403)"]);
    expect(line("M3.1").seen).toEqual(["dev-user may read: after 0.5 s"]);
  });

  it("puts each control beside its lab: caught, not caught (saying why), or not run", () => {
    expect(line("T01").controls).toEqual([
      expect.objectContaining({
        switchedOff: "the lab's action",
        state: "caught",
        line: "caught at Timed out after 60.0 s waiting for OutOfSync",
      }),
      expect.objectContaining({ switchedOff: "self-heal", state: "not caught" }),
    ]);
    expect(line("T01").controls?.[0]?.reportId).toMatch(/^[0-9a-f]{32}$/);
    expect(line("T05").controls).toEqual([
      { switchedOff: "the lab's action", state: "not run", line: "not run (npm run test:controls runs it)" },
    ]);
    expect(line("T05 (UI)").controls).toBeUndefined();
    expect(line("M1.1").controls).toEqual([]);
  });

  it("says when a control is from a run earlier than the labs'", () => {
    const [t01] = labLines([{ ...T01, start: 100_000, stop: 160_000 }], {
      controlResults: [control("self-heal", "passed", "caught at Timed out")],
      declarations: DECLARED,
    });
    expect(t01?.controls?.[1]?.line).toBe(
      "(from an earlier run, 1970-01-01T00:01:30.000Z) caught at Timed out",
    );
  });

  it("counts a lab's controls in words", () => {
    expect(controlsCount(line("T01").controls)).toBe("1 of 2 caught, 1 not caught");
    expect(controlsCount(line("T05").controls)).toBe("not run");
    expect(controlsCount(line("M1.1").controls)).toBe("none");
    expect(controlsCount(undefined)).toBe("—");
  });
});
