import { describe, expect, it } from "vitest";
import { scaled, TIMEOUT_DEFAULTS_MS, timeoutFor, timeoutScale } from "./timeouts";

describe("LAB_TIMEOUT_SCALE", () => {
  it("is 1 when unset, empty or blank", () => {
    expect(timeoutScale({})).toBe(1);
    expect(timeoutScale({ LAB_TIMEOUT_SCALE: "" })).toBe(1);
    expect(timeoutScale({ LAB_TIMEOUT_SCALE: "  " })).toBe(1);
  });

  it("takes any positive number, fractions too", () => {
    expect(timeoutScale({ LAB_TIMEOUT_SCALE: "2" })).toBe(2);
    expect(timeoutScale({ LAB_TIMEOUT_SCALE: " 1.5 " })).toBe(1.5);
  });

  it.each(["0", "-2", "Infinity", "2x"])("refuses %s, saying what to set", (raw) => {
    expect(() => timeoutScale({ LAB_TIMEOUT_SCALE: raw })).toThrow(
      `LAB_TIMEOUT_SCALE=${raw} is not a positive number. Set it to e.g. 2 to double every timeout.`,
    );
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
