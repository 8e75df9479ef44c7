import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { backoffDelays, MAX_DELAY_MS, pause } from "./backoff";

afterEach(() => {
  vi.useRealTimers();
});

describe("backoffDelays", () => {
  it("grows by half each time, rounded to whole milliseconds, and stays at the cap", () => {
    const delays = backoffDelays(10, 100);
    expect(Array.from({ length: 8 }, () => delays.next().value)).toEqual([10, 15, 23, 35, 53, 80, 100, 100]);
    const capped = backoffDelays();
    for (let i = 0; i < 30; i += 1) capped.next();
    expect(capped.next().value).toBe(MAX_DELAY_MS);
  });
});

describe("pause", () => {
  it("waits the given time", async () => {
    const started = performance.now();
    await pause(60);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it("returns at once when the test's signal is already aborted, or aborts while it waits", async () => {
    const started = performance.now();
    await pause(10_000, AbortSignal.abort());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await pause(10_000, controller.signal);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("leaves no timer behind when aborted, so a cancelled run exits at once", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const waiting = pause(10_000, controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await waiting;
    expect(vi.getTimerCount()).toBe(0);
  });

  it("leaves no listener on the test's signal, however many polls a long wait makes", async () => {
    const controller = new AbortController();
    for (let i = 0; i < 20; i += 1) await pause(1, controller.signal);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    const waiting = pause(10_000, controller.signal);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    controller.abort();
    await waiting;
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
