import { afterEach, describe, expect, it, vi } from "vitest";
import { startJournal, stopJournal } from "../report/step";
import { consistently, MAX_UNREADABLE_CHECKS } from "./consistently";
import { expectation, pass, pending } from "./expectation";
import { HoldViolatedError, WaitAbortedError } from "./wait-errors";

const refreshed = expectation("Argo CD has refreshed at the branch commit", () => pass("revision abc1234"));

describe("consistently", () => {
  it("holds a condition for the whole window once the trigger was observed", async () => {
    let checks = 0;
    const started = performance.now();
    const result = await consistently(
      expectation("the live image to stay v1", () => {
        checks += 1;
        return pass("image v1");
      }),
      { windowMs: 300, after: refreshed },
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    expect(result.checks).toBe(checks);
    expect(checks).toBeGreaterThan(3);
  });

  it("fails on the first violation, at once, with the state that broke it", async () => {
    const breaksAt = performance.now() + 100;
    const started = performance.now();
    const error = await consistently(
      expectation("the live image to stay v1", () =>
        performance.now() < breaksAt ? pass("image v1") : pending("image v2"),
      ),
      { windowMs: 10_000, after: refreshed },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HoldViolatedError);
    expect((error as Error).message).toMatch(
      /^Expected the live image to stay v1 to hold for 10\.0 s, but it stopped holding after 0\.\d s: image v2$/,
    );
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("refuses to start until its named precondition has been observed (no vacuous pass)", async () => {
    let conditionChecked = false;
    const error = await consistently(
      expectation("nothing to be deployed", () => {
        conditionChecked = true;
        return pass("nothing deployed");
      }),
      {
        windowMs: 100,
        after: expectation("Argo CD has refreshed at the branch commit", () =>
          pending("still at revision 0000000"),
        ),
        afterTimeout: 200,
      },
    ).catch((e: unknown) => e);
    expect(conditionChecked).toBe(false);
    expect((error as Error).message).toMatch(
      /^Refusing to start holding nothing to be deployed: its precondition \(Argo CD has refreshed at the branch commit\) was never observed\. Timed out after 0\.2 s .*still at revision 0000000$/,
    );
  });

  it("rides out a check that fails to read once, but not one that keeps failing", async () => {
    let calls = 0;
    const flaky = await consistently(
      expectation("the live image to stay v1", () => {
        calls += 1;
        if (calls === 2) throw new Error("connect ECONNRESET");
        return pass("image v1");
      }),
      { windowMs: 150, after: refreshed },
    );
    expect(flaky.checks).toBe(calls - 1);
    const error = await consistently(
      expectation("the live image to stay v1", () => {
        throw new Error("connect ECONNREFUSED");
      }),
      { windowMs: 5_000, after: refreshed },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe("connect ECONNREFUSED");
  });

  it("forgives unreadable checks that are not in a row: a good read starts the count again", async () => {
    let calls = 0;
    // Two failures, a good read, two failures, a good read…: never three in a row, so the hold completes.
    const held = await consistently(
      expectation("the live image to stay v1", () => {
        calls += 1;
        if (calls % 3 !== 0) throw new Error("connect ECONNRESET");
        return pass("image v1");
      }),
      { windowMs: 300, after: refreshed },
    );
    expect(held.checks).toBeGreaterThanOrEqual(2);
  });
});

describe("consistently, on the clock (fake timers)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("checks until the window has passed, and not a poll interval longer", async () => {
    vi.useFakeTimers();
    const checkedAt: number[] = [];
    const holding = consistently(
      expectation("the live image to stay v1", () => {
        checkedAt.push(performance.now());
        return pass("image v1");
      }),
      { windowMs: 1_100, after: refreshed },
    );
    await vi.runAllTimersAsync();
    const result = await holding;
    expect((checkedAt.at(-1) ?? 0) - (checkedAt[0] ?? 0)).toBe(1_100);
    expect(result).toMatchObject({ description: "the live image to stay v1", windowMs: 1_100 });
  });

  it("says how long its precondition took to be observed", async () => {
    vi.useFakeTimers();
    const refreshAt = performance.now() + 40;
    const holding = consistently(
      expectation("the live image to stay v1", () => pass("image v1")),
      {
        windowMs: 100,
        after: expectation("Argo CD has refreshed at the branch commit", () =>
          performance.now() >= refreshAt ? pass("revision abc1234") : pending("revision 0000000"),
        ),
      },
    );
    await vi.runAllTimersAsync();
    expect((await holding).preconditionMs).toBe(48);
  });

  it("gives up after exactly three unreadable checks in a row", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const holding = consistently(
      expectation("the live image to stay v1", () => {
        calls += 1;
        throw new Error("connect ECONNREFUSED");
      }),
      { windowMs: 5_000, after: refreshed },
    ).catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    expect(((await holding) as Error).message).toBe("connect ECONNREFUSED");
    expect(calls).toBe(MAX_UNREADABLE_CHECKS);
  });
});

describe("consistently, what it says", () => {
  afterEach(() => {
    stopJournal();
  });

  it("names its report step after the condition, the window and the precondition", async () => {
    startJournal(() => {});
    await consistently(
      expectation("the live image to stay v1", () => pass("image v1")),
      { windowMs: 50, after: refreshed },
    );
    expect(stopJournal().map((e) => e.name)).toEqual([
      "Hold the live image to stay v1 for 0.1 s, after Argo CD has refreshed at the branch commit",
    ]);
  });

  it("is cancelled by the test's signal while holding, saying it was holding", async () => {
    const controller = new AbortController();
    const started = performance.now();
    const holding = consistently(
      expectation("the live image to stay v1", () => pass("image v1")),
      { windowMs: 60_000, after: refreshed, signal: controller.signal },
    ).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 100);
    const error = await holding;
    expect(error).toBeInstanceOf(WaitAbortedError);
    expect((error as Error).message).toMatch(
      /^Stopped waiting for the live image to stay v1 after 0\.\d s: the test was cancelled\. Last state seen: holding$/,
    );
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});

describe("consistently's precondition timeout", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("gives the precondition the sync timeout unless told otherwise", async () => {
    vi.useFakeTimers();
    const holding = consistently(
      expectation("nothing to be deployed", () => pass("nothing deployed")),
      {
        windowMs: 100,
        after: expectation("Argo CD has refreshed at the branch commit", () => pending("still at 0000000")),
      },
    ).catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    expect(((await holding) as Error).message).toMatch(/was never observed\. Timed out after 120\.0 s /);
  });
});
