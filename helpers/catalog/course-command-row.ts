import { createHash } from "node:crypto";

/**
 * One row of the course-coverage table (course-commands.ts): a command, manifest or UI action of the
 * course's text, and whether a lab's spec runs it exactly as written. The rows themselves are in
 * course-commands-project1.ts and course-commands-project2.ts.
 */

/** Run as written: the report step (or spec line) that runs it, saying where the namespace is rewritten. */
export interface Verbatim {
  verbatim: true;
  step: string;
}

/** Not run as written: one sentence saying what the spec does instead, and why. */
export interface NotVerbatim {
  verbatim: false;
  why: string;
}

export type CourseCommandRow = {
  labId: string;
  /**
   * The course's line(s), consecutive in its text and inside the lab's section, decoded as
   * course-words.ts decodes them (`→`, `’`, the tree's `├──`).
   */
  course: readonly string[];
  /**
   * courseFingerprint(course) when the verdict was judged. The course tier recomputes it from the
   * course's text, so a change of that text shows the row as a claim to re-check.
   */
  fingerprint: string;
  /**
   * For a manifest: the fixture (under fixtures/) the spec applies or commits in its place. The self-test
   * holds the row verbatim exactly when that fixture is the course's manifest line for line.
   */
  fixture?: string;
} & (Verbatim | NotVerbatim);

/**
 * A line of the course's text made comparable with a decoded quote: the text arrives garbled and its
 * bytes cannot be decoded back, so every run of non-ASCII characters becomes one placeholder (the same
 * rule course-words.course.ts applies), and the indentation the text lost anyway is dropped.
 */
export function normalizeCourseLine(line: string): string {
  return line.trim().replace(/[\u{80}-\u{10FFFF}]+/gu, "\uFFFD");
}

/** A short hash of the course's lines, normalized: the same for a decoded quote and the garbled text. */
export function courseFingerprint(lines: readonly string[]): string {
  return createHash("sha256").update(lines.map(normalizeCourseLine).join("\n")).digest("hex").slice(0, 10);
}

/** Builds a row; `row(...)` keeps the data files short. */
export function row(
  labId: string,
  course: readonly string[],
  fingerprint: string,
  verdict: Verbatim | NotVerbatim,
  fixture?: string,
): CourseCommandRow {
  return { labId, course, fingerprint, ...verdict, ...(fixture ? { fixture } : {}) };
}

export function ran(step: string): Verbatim {
  return { verbatim: true, step };
}

export function differs(why: string): NotVerbatim {
  return { verbatim: false, why };
}
