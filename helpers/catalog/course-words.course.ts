import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { courseWordsOf } from "./course-words";
import { LABS } from "./lab-catalog";
import { NO_SHARED_MESSAGE, sharedFile } from "./shared-folder";

/**
 * The course tier: every quote in course-words.ts is a whole line of the course's text, in the text's
 * order, inside its lab's section. The text's garbled characters cannot be decoded back (bytes were
 * lost), so both sides are compared with every run of non-ASCII characters as one placeholder.
 */
function normalize(line: string): string {
  return line.trim().replace(/[\u{80}-\u{10FFFF}]+/gu, "\uFFFD");
}

/** A lab's heading: "π§© Task 3: …" is T03, "Lab 1.2 β …" is M1.2. */
function headingLabId(line: string): string | undefined {
  const task = /^(?:\uFFFD )?Task (\d+):/.exec(line);
  if (task?.[1]) return `T${task[1].padStart(2, "0")}`;
  const lab = /^Lab (\d\.\d) /.exec(line);
  return lab?.[1] ? `M${lab[1]}` : undefined;
}

/** A heading above labs (a module, a project part, the summary): it ends the lab before it too. */
function isPartHeading(line: string): boolean {
  return /^MODULE \d/.test(line) || (/[A-Z]{4}/.test(line) && !/[a-z]/.test(line));
}

interface Section {
  /** Index of the lab's heading; its lines come after it. */
  heading: number;
  /** Index of the next heading, or the text's length. */
  end: number;
}

function sections(text: readonly string[]): Map<string, Section> {
  const found = new Map<string, Section>();
  let open: { id: string; heading: number } | undefined;
  const close = (end: number) => {
    if (open) found.set(open.id, { heading: open.heading, end });
    open = undefined;
  };
  text.forEach((line, index) => {
    const id = headingLabId(line);
    if (id || isPartHeading(line)) close(index);
    if (id) open = { id, heading: index };
  });
  close(text.length);
  return found;
}

/** Why each of a lab's quoted lines does not sit where it should; empty when all do. */
function misquotes(labId: string, text: readonly string[], section: Section): string[] {
  const words = courseWordsOf(labId);
  const problems: string[] = [];
  const where = `${labId}'s section (text lines ${section.heading + 2}-${section.end})`;
  let cursor = section.heading;
  for (const line of words.lines) {
    const quoted = normalize(line);
    const next = text.findIndex((t, i) => i > cursor && i < section.end && t === quoted);
    if (next >= 0) {
      cursor = next;
      continue;
    }
    const inSection = text.some((t, i) => i > section.heading && i < section.end && t === quoted);
    if (inSection) problems.push(`${labId}: "${line}" is out of the text's order in ${where}`);
    else if (text.includes(quoted)) problems.push(`${labId}: "${line}" lies outside ${where}`);
    else problems.push(`${labId}: "${line}" is not a whole line of gitops-labs.txt`);
  }
  for (const line of words.claim)
    if (!words.lines.includes(line)) problems.push(`${labId}: claim "${line}" is not one of the lab's lines`);
  return problems;
}

function courseText(): string[] {
  const file = sharedFile("curriculum", "gitops-labs.txt");
  if (!file) throw new Error(NO_SHARED_MESSAGE);
  return readFileSync(file, "utf8").split("\n").map(normalize);
}

describe("the course's words for each lab", () => {
  it("find every lab's heading in the course text, once", () => {
    const headings = courseText()
      .map(headingLabId)
      .filter((id) => id !== undefined);
    expect(headings).toEqual(LABS.map((lab) => lab.id));
  });

  for (const lab of LABS) {
    it(`quote ${lab.id} line by line, in order, from its section`, () => {
      const text = courseText();
      const section = sections(text).get(lab.id);
      if (!section) throw new Error(`${lab.id}: no heading for this lab in gitops-labs.txt`);
      expect(misquotes(lab.id, text, section)).toEqual([]);
    });
  }
});
