import { describe, expect, it } from "vitest";
import { beyondCourseBound, SECONDS_LATER } from "./course-bound";

describe("a bound the course's words put on a measurement", () => {
  it("holds up to the bound itself", () => {
    expect(beyondCourseBound("self-heal", 1_000, SECONDS_LATER)).toBeUndefined();
    expect(beyondCourseBound("self-heal", 20_000, SECONDS_LATER)).toBeUndefined();
  });

  it("breaks beyond it, naming the course's words and why that bound", () => {
    expect(beyondCourseBound("self-heal: back to 1 replica", 20_100, SECONDS_LATER)).toBe(
      "self-heal: back to 1 replica took 20.1 s, beyond the 20.0 s the course's \"Seconds later\" allows: read as within 20 s of the human's command (two of the suite's 10 s reconciliation periods)",
    );
  });
});
