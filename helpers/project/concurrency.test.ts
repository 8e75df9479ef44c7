import { afterEach, describe, expect, it, vi } from "vitest";
import { CONCURRENCY_RANGE, labConcurrency } from "./concurrency";
import { SettingError } from "./setting-error";

/** The SettingError labConcurrency throws for `raw`; fails the test when it throws none. */
function refusal(raw: string): SettingError {
  try {
    labConcurrency({ LAB_CONCURRENCY: raw });
  } catch (error) {
    if (error instanceof SettingError) return error;
    throw error;
  }
  throw new Error(`LAB_CONCURRENCY=${raw} was accepted`);
}

describe("LAB_CONCURRENCY", () => {
  it("is 4 when unset, empty or blank", () => {
    expect(CONCURRENCY_RANGE.default).toBe(4);
    expect(labConcurrency({})).toBe(4);
    expect(labConcurrency({ LAB_CONCURRENCY: "" })).toBe(4);
    expect(labConcurrency({ LAB_CONCURRENCY: "  " })).toBe(4);
  });

  it("takes a whole number from 1 to 16", () => {
    expect(labConcurrency({ LAB_CONCURRENCY: "1" })).toBe(1);
    expect(labConcurrency({ LAB_CONCURRENCY: " 2 " })).toBe(2);
    expect(labConcurrency({ LAB_CONCURRENCY: "16" })).toBe(16);
  });

  it.each([
    ["0", "outside 1 to 16"],
    ["-3", "outside 1 to 16"],
    ["17", "outside 1 to 16"],
    ["1000", "outside 1 to 16"],
    ["four", "not a whole number"],
    ["4x", "not a whole number"],
    ["2.5", "not a whole number"],
    ["1e3", "not a whole number"],
  ])("refuses %s (%s) in one paragraph: the value, the range, what to set", (raw, why) => {
    const { message } = refusal(raw);
    expect(message).toContain(`LAB_CONCURRENCY=${raw} is ${why}.`);
    expect(message).toContain(
      "how many labs run at once on the shared cluster, a whole number from 1 to 16.",
    );
    expect(message).toContain("Set it to e.g. 2 on a small machine, or unset it for the default (4).");
    expect(message).not.toContain("\n");
  });
});

describe("vitest.config.ts", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  const labsProject = async () => {
    vi.resetModules();
    const { default: config } = await import("../../vitest.config.ts");
    const labs = config.test?.projects?.find(
      (p): p is { test: { name: string; maxWorkers?: number } } =>
        typeof p === "object" && p !== null && "test" in p && p.test?.name === "labs",
    );
    return labs?.test;
  };

  it("runs as many labs at once as LAB_CONCURRENCY says", async () => {
    vi.stubEnv("LAB_CONCURRENCY", "2");
    expect((await labsProject())?.maxWorkers).toBe(2);
  });

  it("refuses a bad LAB_CONCURRENCY instead of quietly running 4 at once", async () => {
    vi.stubEnv("LAB_CONCURRENCY", "0");
    await expect(labsProject()).rejects.toThrow("LAB_CONCURRENCY=0 is outside 1 to 16.");
  });
});
