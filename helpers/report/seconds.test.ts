import { describe, expect, it } from "vitest";
import { seconds } from "./seconds";

describe("seconds", () => {
  it("prints milliseconds as seconds with one decimal, or as many as asked", () => {
    expect(seconds(12_345)).toBe("12.3 s");
    expect(seconds(300)).toBe("0.3 s");
    expect(seconds(1_234, 2)).toBe("1.23 s");
  });
});
