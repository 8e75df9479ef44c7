import { describe, expect, it } from "vitest";
import { controlPageMarkdown, labPageMarkdown } from "./lab-page";
import { type LabDeclaration, type LabLine, labLines } from "./lab-summary";
import { controlResult, labResult } from "./sample/result-fixtures";

const DECLARED: LabDeclaration[] = [
  {
    id: "T01",
    name: "a human's kubectl scale is undone",
    controls: ["the lab's action", "self-heal"],
    differsFromCourse: "The spec runs kubectl\nin the lab's namespace.",
  },
  { id: "M1.1", name: "installed", controls: [], noControl: "it cannot fail apart from the run's setup" },
];
const measured = { stepNames: ["Measured: self-heal: back to 1 replica after 1.0 s"] };
const lines = labLines([labResult("T01", measured), labResult("M1.1", measured)], {
  controlResults: [
    controlResult(
      "T01",
      "self-heal",
      "passed",
      "caught at Timed out after 30.0 s waiting for 1 replica. Last state seen: 3 replicas",
    ),
  ],
  declarations: DECLARED,
});
const t01 = lines.find((l) => l.id === "T01") as LabLine;
const m11 = lines.find((l) => l.id === "M1.1") as LabLine;

describe("a lab's page in the report", () => {
  const page = labPageMarkdown(t01, DECLARED);

  it("opens with the lab, then the course's own words, line by line, and its claim", () => {
    const lines = page.split("\n");
    expect(lines[0]).toBe("### T01: Humans cannot change production");
    expect(lines).toContain("> kubectl -n grade scale deployment grade-submission-api --replicas=3  ");
    // A course bullet stays a line of the quote, not a list of Markdown's.
    expect(lines).toContain("> \\- Argo CD → App becomes OutOfSync  ");
    expect(page).toContain("**The claim:** Argo CD → App becomes OutOfSync;");
  });

  it("says how the spec differs from the course, then the verdict in one line, before the steps", () => {
    expect(page).toContain(
      "#### How this spec differs from the course\n\nThe spec runs kubectl in the lab's namespace.",
    );
    expect(page).toContain("#### Verdict: verified\n\nself-heal: back to 1 replica after 1.0 s");
    expect(page.indexOf("What the course says")).toBeLessThan(page.indexOf("Verdict"));
  });

  it("sets the counterfactual beside the evidence: each control, what then happened, or that it did not run", () => {
    expect(page).toContain(
      "- **self-heal** switched off: caught: Timed out after 30.0 s waiting for 1 replica. Last state seen: 3 replicas",
    );
    expect(page).toContain(
      "- **the lab's action** switched off: not run: not run (npm run test:controls runs it)",
    );
  });

  it("says why a lab has no control", () => {
    expect(labPageMarkdown(m11, DECLARED)).toContain(
      "No control: it cannot fail apart from the run's setup.",
    );
  });

  it("gives a control a page of its own, naming its lab and what happened", () => {
    const control = t01?.controls?.find((c) => c.switchedOff === "self-heal");
    const text = controlPageMarkdown(t01, control ?? expect.fail("no control"));
    expect(text).toContain("### Negative control of T01: self-heal switched off");
    expect(text).toContain("#### caught\n\ncaught at Timed out after 30.0 s");
  });
});
