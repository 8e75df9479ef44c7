import { describe, expect, it } from "vitest";
import { allOf, expectation, fail, pass, pending } from "./expectation";

const part = (name: string, verdict: ReturnType<typeof pass>) => expectation(name, () => verdict);

describe("allOf", () => {
  it("passes only when every part passes, and says what each part saw", async () => {
    const verdict = await allOf("both", part("a", pass("a ok")), part("b", pass("b ok"))).check();
    expect(verdict).toEqual({ state: "pass", message: "a: a ok; b: b ok" });
  });

  it("keeps waiting while any part is pending, even when the others pass", async () => {
    const verdict = await allOf("both", part("a", pass("a ok")), part("b", pending("not yet"))).check();
    expect(verdict.state).toBe("pending");
  });

  it("fails at once when a part fails, whatever the others say", async () => {
    const verdict = await allOf(
      "all",
      part("a", pending("not yet")),
      part("b", fail("gone for good")),
    ).check();
    expect(verdict).toEqual({ state: "fail", message: "a: not yet; b: gone for good" });
  });
});
