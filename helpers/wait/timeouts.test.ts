import { describe, expect, it } from "vitest";
import { SettingError } from "../project/setting-error";
import { scaled, TIMEOUT_DEFAULTS_MS, timeoutFor, timeoutScale } from "./timeouts";

/** The SettingError timeoutScale throws for `raw`; fails the test when it throws none. */
function refusal(raw: string): SettingError {
  try {
    timeoutScale({ LAB_TIMEOUT_SCALE: raw });
  } catch (error) {
    if (error instanceof SettingError) return error;
    throw error;
  }
  throw new Error(`LAB_TIMEOUT_SCALE=${raw} was accepted`);
}

describe("LAB_TIMEOUT_SCALE", () => {
  it("is 1 when unset, empty or blank", () => {
    expect(timeoutScale({})).toBe(1);
    expect(timeoutScale({ LAB_TIMEOUT_SCALE: "" })).toBe(1);
    expect(timeoutScale({ LAB_TIMEOUT_SCALE: "  " })).toBe(1);
  });

  it("takes any number from 0.1 to 20, fractions too", () => {
    expect(timeoutScale({ LAB_TIMEOUT_SCALE: "2" })).toBe(2);
    expect(timeoutScale({ LAB_TIMEOUT_SCALE: " 1.5 " })).toBe(1.5);
    expect(timeoutScale({ LAB_TIMEOUT_SCALE: "0.1" })).toBe(0.1);
    expect(timeoutScale({ LAB_TIMEOUT_SCALE: "20" })).toBe(20);
  });

  it.each([
    ["0", "not above 0"],
    ["-2", "not above 0"],
    ["NaN", "not a finite number"],
    ["Infinity", "not a finite number"],
    ["2x", "not a finite number"],
    ["0.01", "below 0.1, which would leave the 10 s quick checks under a second"],
    ["1e6", "above 20, which would stretch the 10-minute install wait beyond 200 minutes"],
    ["20.5", "above 20"],
  ])("refuses %s (%s) in one paragraph: the value, the range, what to set", (raw, why) => {
    const { message } = refusal(raw);
    expect(message).toContain(`LAB_TIMEOUT_SCALE=${raw} is ${why}`);
    expect(message).toContain("must be a number from 0.1 to 20.");
    expect(message).toContain("Set it to e.g. 2 on a slow machine to double every timeout");
    expect(message).not.toContain("\n");
  });

  // 1e6 used to reach AbortSignal.timeout (max 2^32-1 ms) and crash it; now it stops before any timer.
  it("never hands a timer a duration Node cannot hold", () => {
    expect(() => timeoutFor("install", { LAB_TIMEOUT_SCALE: "1e6" })).toThrow(SettingError);
    expect(timeoutFor("install", { LAB_TIMEOUT_SCALE: "20" })).toBeLessThan(2 ** 31 - 1);
  });

  it("stretches a duration to whole milliseconds", () => {
    expect(scaled(333, { LAB_TIMEOUT_SCALE: "1.5" })).toBe(500);
    expect(scaled(1_000, {})).toBe(1_000);
  });

  it("stretches every kind's default the same way", () => {
    for (const kind of Object.keys(TIMEOUT_DEFAULTS_MS) as (keyof typeof TIMEOUT_DEFAULTS_MS)[]) {
      expect(timeoutFor(kind, { LAB_TIMEOUT_SCALE: "3" })).toBe(TIMEOUT_DEFAULTS_MS[kind] * 3);
    }
  });
});
