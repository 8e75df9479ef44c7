import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR, SUITES_DIR } from "../project/paths";
import { type CourseCommandRow, courseFingerprint, differs, ran, row } from "./course-command-row";
import {
  COURSE_COMMANDS,
  coverageMarkdown,
  coverageSummary,
  coverageTableText,
  shortCourse,
} from "./course-commands";
import { courseLines, misplacedRows, staleRows, uncoveredCommandLines } from "./course-commands-check";
import { LABS } from "./lab-catalog";

// Without the course text: the rows against the catalog, the specs and fixtures they judge, and the
// checks the course tier runs, proven here on a small text of their own.

const SPEC_FILES = readdirSync(SUITES_DIR, { recursive: true, encoding: "utf8" }).filter((f) =>
  f.endsWith(".spec.ts"),
);

function specSource(labId: string): string {
  const file = SPEC_FILES.find((f) => path.basename(f).startsWith(`${labId}-`));
  if (!file) throw new Error(`no spec file for ${labId} under suites/`);
  return readFileSync(path.join(SUITES_DIR, file), "utf8");
}

/** A manifest's lines as the course's text keeps them: no indentation, comments or blank lines. */
function manifestLines(yaml: string): string[] {
  return yaml
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

describe("the course-coverage rows", () => {
  it("name only labs of the catalog", () => {
    const ids = new Set(LABS.map((l) => l.id));
    expect(COURSE_COMMANDS.filter((r) => !ids.has(r.labId)).map((r) => r.labId)).toEqual([]);
  });

  it("give every row a step that runs it, or a one-sentence reason why none does", () => {
    const empty = COURSE_COMMANDS.filter((r) => (r.verbatim ? r.step : r.why).trim() === "");
    const both = COURSE_COMMANDS.filter((r) => "step" in r && "why" in r);
    const notOneSentence = COURSE_COMMANDS.flatMap((r) =>
      !r.verbatim && (!r.why.endsWith(".") || /[.!?] [A-Z]/.test(r.why)) ? [`${r.labId}: ${r.why}`] : [],
    );
    expect(empty.concat(both).map((r) => `${r.labId}: ${r.course[0]}`)).toEqual([]);
    expect(notOneSentence).toEqual([]);
  });

  it("store the fingerprint of their own course lines (a row edited without re-judging it shows here)", () => {
    const stale = COURSE_COMMANDS.filter((r) => courseFingerprint(r.course) !== r.fingerprint);
    expect(stale.map((r) => `${r.labId}: ${r.course[0]}`)).toEqual([]);
  });

  it("are decoded: no Greek letter or stray § © ¦ from the garbled text is left", () => {
    const garbled = COURSE_COMMANDS.flatMap((r) =>
      r.course.filter((l) => /[\u0370-\u03FF§©¦]/.test(l)).map((l) => `${r.labId}: ${l}`),
    );
    expect(garbled).toEqual([]);
  });

  it("call a kubectl line verbatim with a Human: step exactly when its spec passes the line as written", () => {
    const wrong = COURSE_COMMANDS.filter((r) => r.course.length === 1 && r.course[0]?.startsWith("kubectl "))
      .filter((r) => {
        const quoted = specSource(r.labId).includes(`"${r.course[0]}"`);
        return quoted !== (r.verbatim && r.step.startsWith("Human: "));
      })
      .map((r) => `${r.labId}: ${r.course[0]} (${r.verbatim ? "verbatim" : "not verbatim"})`);
    expect(wrong).toEqual([]);
  });

  it("call a manifest verbatim exactly when its fixture is the course's, line for line (namespace aside)", () => {
    const withFixture = COURSE_COMMANDS.filter((r) => r.fixture);
    expect(withFixture.length).toBeGreaterThan(0);
    const wrong = withFixture
      .filter((r) => {
        const fixture = manifestLines(readFileSync(path.join(FIXTURES_DIR, r.fixture ?? ""), "utf8"));
        // "namespace: grade" is the course's namespace, which every lab rewrites to its own.
        const course = r.course.filter((l) => l !== "namespace: grade");
        const same = JSON.stringify(fixture) === JSON.stringify(course);
        return same !== r.verbatim;
      })
      .map((r) => `${r.labId}: ${r.fixture} (${r.verbatim ? "verbatim" : "not verbatim"})`);
    expect(wrong).toEqual([]);
  });

  it("come from labs whose spec says how it differs from the course wherever a row is not verbatim", () => {
    const labs = [...new Set(COURSE_COMMANDS.filter((r) => !r.verbatim).map((r) => r.labId))];
    expect(labs.filter((id) => !specSource(id).includes("differsFromCourse:"))).toEqual([]);
  });
});

const ROWS: CourseCommandRow[] = [
  row("T01", ["kubectl get pods"], courseFingerprint(["kubectl get pods"]), ran("Human: kubectl get pods")),
  row("T01", ["syncPolicy: {}"], courseFingerprint(["syncPolicy: {}"]), ran("Apply app.yaml")),
  row("T02", ["policy.csv: |"], courseFingerprint(["policy.csv: |"]), differs("A reason.")),
];

describe("the coverage table's text", () => {
  it("counts the verbatim rows in its summary", () => {
    expect(coverageSummary(ROWS)).toBe("2 of 3 course commands run verbatim");
    expect(coverageSummary([])).toBe("0 of 0 course commands run verbatim");
    const verbatim = COURSE_COMMANDS.filter((r) => r.verbatim).length;
    expect(coverageSummary(COURSE_COMMANDS)).toBe(
      `${verbatim} of ${COURSE_COMMANDS.length} course commands run verbatim`,
    );
  });

  it("prints one line per row: lab, yes or no, the course's words, then the step or the reason", () => {
    const lines = coverageTableText(ROWS).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^T01 {3}yes kubectl get pods +Human: kubectl get pods$/);
    expect(lines[2]).toMatch(/^T02 {3}no {2}policy\.csv: \| +A reason\.$/);
    expect(coverageTableText(COURSE_COMMANDS).split("\n")).toHaveLength(COURSE_COMMANDS.length);
  });

  it("cuts a manifest's lines to about 70 characters, joined on one line", () => {
    const long = row("M1.2", Array(20).fill("apiVersion: argoproj.io/v1alpha1"), "x", differs("Why."));
    expect(shortCourse(long)).toHaveLength(70);
    expect(shortCourse(long)).toMatch(/^apiVersion: argoproj\.io\/v1alpha1 \/ apiVersion: .*…$/);
  });

  it("makes a Markdown table with the course's pipes escaped, and the summary under it", () => {
    const md = coverageMarkdown(ROWS).split("\n");
    expect(md.slice(0, 2)).toEqual([
      "| Lab | Verbatim | Course | Step that runs it, or why not |",
      "|---|---|---|---|",
    ]);
    expect(md[4]).toBe("| T02 | no | policy.csv: \\| | A reason. |");
    expect(md.at(-2)).toBe("2 of 3 course commands run verbatim.");
  });
});

// A course of two labs in the garbled form the real text has: "π§©" before each task heading.
const TEXT = [
  "GIT VS HUMAN",
  "\u03c0\u00a7\u00a9 Task 1: Prove it",
  "kubectl get pods",
  "syncPolicy: {}",
  "\u03c0\u00a7\u00a9 Task 2: Lock it",
  "policy.csv: |",
  "kind: Role",
  "MODULE 2 \u03b2 After the labs",
  "git push",
].join("\n");

describe("the checks the course tier runs, on a course of their own", () => {
  const withRole = [...ROWS, row("T02", ["kind: Role"], courseFingerprint(["kind: Role"]), ran("Apply."))];

  it("pass rows that quote the text where their lab is, and name a command line after the labs", () => {
    const text = courseLines(TEXT);
    expect(misplacedRows(withRole, text)).toEqual([]);
    expect(staleRows(withRole, text)).toEqual([]);
    expect(uncoveredCommandLines(withRole, text)).toEqual([
      "text line 9 (outside every lab): 'git push' is covered by no row",
    ]);
  });

  it("name a row whose course line changed as not found, stale, and its new line as uncovered", () => {
    const text = courseLines(TEXT.replace("kubectl get pods", "kubectl get pods -A"));
    expect(misplacedRows(withRole, text)).toEqual([
      "T01: 'kubectl get pods' is not found as a whole line of gitops-labs.txt",
    ]);
    expect(staleRows(withRole, text)).toEqual([
      "T01: the course's text for 'kubectl get pods' changed since this row was written: re-check the spec and update the row",
    ]);
    expect(uncoveredCommandLines(withRole, text)[0]).toBe(
      "text line 3 (T01): 'kubectl get pods -A' is covered by no row",
    );
  });

  it("name a row whose stored fingerprint is not its text's as stale", () => {
    const edited = withRole.map((r) =>
      r.course[0] === "syncPolicy: {}" ? { ...r, fingerprint: "0000000000" } : r,
    );
    expect(staleRows(edited, courseLines(TEXT))).toEqual([
      "T01: the course's text for 'syncPolicy: {}' changed since this row was written: re-check the spec and update the row",
    ]);
  });

  it("name the command line a dropped row covered", () => {
    expect(uncoveredCommandLines(ROWS, courseLines(TEXT))).toEqual([
      "text line 7 (T02): 'kind: Role' is covered by no row",
      "text line 9 (outside every lab): 'git push' is covered by no row",
    ]);
  });

  it("name a row quoted from another lab's section, and two rows on one line", () => {
    const text = courseLines(TEXT);
    const misfiled = row("T01", ["kind: Role"], courseFingerprint(["kind: Role"]), ran("Apply."));
    expect(misplacedRows([misfiled], text)).toEqual([
      "T01: 'kind: Role' lies outside T01's section (text lines 3-4)",
    ]);
    expect(misplacedRows([...ROWS, ROWS[0] as CourseCommandRow], text)).toEqual([
      "T01: 'kubectl get pods' covers text line 3, as 'kubectl get pods' does",
    ]);
  });
});
