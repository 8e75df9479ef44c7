import { describe, expect, it } from "vitest";
import { LABS } from "./lab-catalog";

describe("the lab catalog", () => {
  it("has unique IDs", () => {
    expect(new Set(LABS.map((l) => l.id)).size).toBe(LABS.length);
  });
});
