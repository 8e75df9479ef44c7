import { afterEach, describe, expect, it, vi } from "vitest";
import { startJournal, stopJournal } from "../report/step";
import { backoffDelays } from "./backoff";
import { expectation, fail, pass, pending } from "./expectation";
import { timeoutFor, timeoutScale } from "./timeouts";
import { WaitAbortedError, WaitFailedError, WaitTimeoutError } from "./wait-errors";
import { resolveTimeout, waitUntil } from "./wait-until";

/** An expectation that passes once `ms` have gone by since it was made, and says how far it got. */
function passesAfter(ms: number, description = "the replicas to be 1") {
  const readyAt = performance.now() + ms;
  const times: number[] = [];
  const exp = expectation(description, () => {
    times.push(performance.now());
    return performance.now() >= readyAt ? pass("replicas=1") : pending("replicas=3");
  });
  return { exp, times };
}

describe("waitUntil", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  // On the fake clock: a real one under a busy CPU (the self-tests run side by side) can stall for more
  // than these few milliseconds. No timer is advanced, so a wait before the first check would hang here.
  it("checks immediately and returns at once when the state is already reached", async () => {
    vi.useFakeTimers();
    const started = performance.now();
    const result = await waitUntil(expectation("an app that is Synced", () => pass("Synced")));
    expect(result.polls).toBe(1);
    expect(result.message).toBe("Synced");
    expect(performance.now() - started).toBeLessThan(50);
  });

  it("keeps polling while pending and measures how long the state took", async () => {
    const { exp } = passesAfter(300);
    const result = await waitUntil(exp, { timeout: 5_000 });
    expect(result.message).toBe("replicas=1");
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
    expect(result.durationMs).toBeLessThan(1_500);
    expect(result.polls).toBeGreaterThan(3);
  });

  it("starts fast and backs off to about a second", async () => {
    const delays = backoffDelays();
    const first = Array.from({ length: 20 }, () => delays.next().value);
    expect(first[0]).toBe(10);
    expect(first).toEqual([...first].sort((a, b) => a - b));
    expect(first.at(-1)).toBe(1_000);
    // On the fake clock too: the first gap is a few milliseconds, which a busy CPU can stretch past 60.
    vi.useFakeTimers();
    const { exp, times } = passesAfter(600);
    const waiting = waitUntil(exp, { timeout: 5_000 });
    await vi.runAllTimersAsync();
    await waiting;
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? t));
    expect(gaps[0]).toBeLessThan(60);
    expect(gaps.at(-1)).toBeGreaterThan(gaps[0] ?? 0);
  });

  it("fails fast on a fail verdict, with the state it saw", async () => {
    const started = performance.now();
    const error = await waitUntil(
      expectation("pod grade-submission-api Ready", () => fail("container app is in ImagePullBackOff")),
      { timeout: 60_000 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitFailedError);
    expect((error as Error).message).toMatch(
      /^Gave up waiting for pod grade-submission-api Ready after 0\.\d s: container app is in ImagePullBackOff$/,
    );
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("on timeout says what it waited for, how long, and the last state seen", async () => {
    const started = performance.now();
    const error = await waitUntil(
      expectation("Deployment grade-submission-api back to 1 replica", () => pending("spec.replicas=3")),
      { timeout: 250 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toMatch(
      /^Timed out after 0\.3 s waiting for Deployment grade-submission-api back to 1 replica\. Last state seen \(after \d+ checks\): spec\.replicas=3$/,
    );
    // It gives up at its timeout, not a poll interval (up to 1 s) or several past it.
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(240);
    expect(elapsed).toBeLessThan(450);
  });

  it("keeps polling through a check that throws, and reports the error if it lasts", async () => {
    const error = await waitUntil(
      expectation("the Argo CD API to answer", () => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:8080");
      }),
      { timeout: 150 },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toContain("Last state seen");
    expect((error as Error).message).toContain("check threw: connect ECONNREFUSED 127.0.0.1:8080");
  });

  it("is cancelled by the test's signal instead of running out its timeout", async () => {
    const controller = new AbortController();
    const started = performance.now();
    const waiting = waitUntil(
      expectation("a state that never comes", () => pending("still nothing")),
      { timeout: 60_000, signal: controller.signal },
    ).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 100);
    const error = await waiting;
    expect(error).toBeInstanceOf(WaitAbortedError);
    expect((error as Error).message).toContain("the test was cancelled. Last state seen: still nothing");
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("gets the test's own signal from vitest's context", async ({ signal }) => {
    const result = await waitUntil(passesAfter(20).exp, { timeout: 2_000, signal });
    expect(result.message).toBe("replicas=1");
  });
});

describe("timeouts", () => {
  it("has a default per kind of operation, stretched by LAB_TIMEOUT_SCALE", () => {
    expect(timeoutFor("sync", {})).toBe(120_000);
    expect(timeoutFor("sync", { LAB_TIMEOUT_SCALE: "2" })).toBe(240_000);
    expect(timeoutFor("clusterBoot", { LAB_TIMEOUT_SCALE: "0.5" })).toBe(150_000);
  });

  it("refuses a scale that is not a number, saying what to set", () => {
    expect(() => timeoutScale({ LAB_TIMEOUT_SCALE: "fast" })).toThrow(
      "LAB_TIMEOUT_SCALE=fast is not a finite number. It multiplies every timeout of the run and must be a number from 0.1 to 20. Set it to e.g. 2",
    );
  });
});

describe("waitUntil, on the clock (fake timers)", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });

  it("gives up exactly at its timeout, after checking on the backoff schedule", async () => {
    vi.useFakeTimers();
    const checkedAt: number[] = [];
    const started = performance.now();
    const waiting = waitUntil(
      expectation("Deployment grade-submission-api back to 1 replica", () => {
        checkedAt.push(performance.now() - started);
        return pending("spec.replicas=3");
      }),
      { timeout: 250 },
    ).catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    const error = await waiting;
    expect(checkedAt).toEqual([0, 10, 25, 48, 83, 136, 216, 250]);
    expect((error as Error).message).toBe(
      "Timed out after 0.3 s waiting for Deployment grade-submission-api back to 1 replica. Last state seen (after 8 checks): spec.replicas=3",
    );
  });

  it("reports how long the state took, from the first check", async () => {
    vi.useFakeTimers();
    const readyAt = performance.now() + 100;
    const waiting = waitUntil(
      expectation("the replicas to be 1", () =>
        performance.now() >= readyAt ? pass("replicas=1") : pending("replicas=3"),
      ),
      { timeout: 5_000 },
    );
    await vi.runAllTimersAsync();
    expect(await waiting).toEqual({
      description: "the replicas to be 1",
      durationMs: 136,
      message: "replicas=1",
      polls: 6,
    });
  });

  it("defaults to the quick timeout, and scales a timeout in milliseconds like a kind's", () => {
    vi.stubEnv("LAB_TIMEOUT_SCALE", "2");
    expect(resolveTimeout(undefined)).toBe(20_000);
    expect(resolveTimeout("sync")).toBe(240_000);
    expect(resolveTimeout(250)).toBe(500);
  });
});

describe("waitUntil, what it says", () => {
  afterEach(() => {
    stopJournal();
  });

  it("names its report step after the outcome and the time it took", async () => {
    startJournal(() => {});
    await waitUntil(expectation("an app that is Synced", () => pass("Synced")));
    await waitUntil(expectation("an app that is Healthy", () => fail("Degraded"))).catch(() => undefined);
    expect(stopJournal().map((e) => [e.name, e.outcome])).toEqual([
      ["Wait until an app that is Synced: reached after 0.0 s", "passed"],
      ["Wait until an app that is Healthy", "failed"],
    ]);
  });

  it("reports a check that throws something other than an Error as it is", async () => {
    const error = await waitUntil(
      expectation("the Argo CD API to answer", () => {
        throw "socket hang up";
      }),
      { timeout: 50 },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /Last state seen \(after \d+ checks\): check threw: socket hang up$/,
    );
  });

  it("does not check at all when the test is already cancelled", async () => {
    let checks = 0;
    const error = await waitUntil(
      expectation("a state", () => {
        checks += 1;
        return pass("there");
      }),
      { signal: AbortSignal.abort() },
    ).catch((e: unknown) => e);
    expect(checks).toBe(0);
    expect(error).toBeInstanceOf(WaitAbortedError);
    expect((error as Error).message).toMatch(
      /^Stopped waiting for a state after 0\.0 s: the test was cancelled\. Last state seen: not checked yet$/,
    );
  });
});
