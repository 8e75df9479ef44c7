import { type CourseCommandRow, courseFingerprint, normalizeCourseLine } from "./course-command-row";

/**
 * The coverage table held to the course's text: where each row's lines are, whether the text there
 * is still what the row's verdict was judged against, and which command-looking lines no row covers.
 * Pure over the text's lines, so the self-test can prove each check on a text of its own.
 */

/** A lab's lines in the text: after its heading, up to (not including) `end`. */
export interface CourseSection {
  heading: number;
  end: number;
}

/** "Task 3:" (after the puzzle-piece bullet) is T03, "Lab 1.2 …" is M1.2. */
function labOfHeading(line: string): string | undefined {
  const task = /^(?:\uFFFD )?Task (\d+):/.exec(line)?.[1];
  if (task) return `T${task.padStart(2, "0")}`;
  const lab = /^Lab (\d\.\d) /.exec(line)?.[1];
  return lab ? `M${lab}` : undefined;
}

/** A module or part heading ("MODULE 2 …", a line in capitals): no lab's lines go past it. */
function endsLabs(line: string): boolean {
  return /^MODULE \d/.test(line) || (/[A-Z]{4}/.test(line) && !/[a-z]/.test(line));
}

/** Every lab's section of the normalized text, by lab ID. */
export function courseSections(text: readonly string[]): Map<string, CourseSection> {
  const sections = new Map<string, CourseSection>();
  let open: { labId: string; heading: number } | undefined;
  text.forEach((line, index) => {
    const labId = labOfHeading(line);
    if (open && (labId || endsLabs(line))) {
      sections.set(open.labId, { heading: open.heading, end: index });
      open = undefined;
    }
    if (labId) open = { labId, heading: index };
  });
  if (open) sections.set(open.labId, { heading: open.heading, end: text.length });
  return sections;
}

/** The course's text as the checks read it: one normalized line per line of the file. */
export function courseLines(fileText: string): string[] {
  return fileText.split("\n").map(normalizeCourseLine);
}

/** The first index from which `lines` follow one another in `text` within [from, to), or -1. */
function indexOfBlock(text: readonly string[], lines: readonly string[], from: number, to: number): number {
  for (let i = from; i + lines.length <= to; i++)
    if (lines.every((line, k) => text[i + k] === line)) return i;
  return -1;
}

/** Where a row's lines start in its lab's section, or undefined when they are not all there, in order. */
export function placeRow(row: CourseCommandRow, text: readonly string[]): number | undefined {
  const section = courseSections(text).get(row.labId);
  if (!section) return undefined;
  const at = indexOfBlock(text, row.course.map(normalizeCourseLine), section.heading + 1, section.end);
  return at < 0 ? undefined : at;
}

/** Why each row does not sit in its lab's section, and rows covering a line twice; empty when all is well. */
export function misplacedRows(rows: readonly CourseCommandRow[], text: readonly string[]): string[] {
  const sections = courseSections(text);
  const problems: string[] = [];
  const coveredBy = new Map<number, string>();
  for (const r of rows) {
    const first = r.course[0] ?? "";
    const section = sections.get(r.labId);
    if (!section) {
      problems.push(`${r.labId}: no section for this lab in gitops-labs.txt`);
      continue;
    }
    const at = placeRow(r, text);
    if (at === undefined) {
      const elsewhere = indexOfBlock(text, r.course.map(normalizeCourseLine), 0, text.length) >= 0;
      problems.push(
        elsewhere
          ? `${r.labId}: '${first}' lies outside ${r.labId}'s section (text lines ${section.heading + 2}-${section.end})`
          : `${r.labId}: '${first}' is not found as ${r.course.length === 1 ? "a whole line" : "consecutive lines"} of gitops-labs.txt`,
      );
      continue;
    }
    r.course.forEach((_, k) => {
      const earlier = coveredBy.get(at + k);
      if (earlier)
        problems.push(`${r.labId}: '${first}' covers text line ${at + k + 1}, as '${earlier}' does`);
      coveredBy.set(at + k, first);
    });
  }
  return problems;
}

/**
 * The rows whose verdict was judged against other text than the course's now: their lines are no
 * longer in their section, or their stored fingerprint is not that of the text they cover.
 */
export function staleRows(rows: readonly CourseCommandRow[], text: readonly string[]): string[] {
  return rows
    .filter((r) => {
      const at = placeRow(r, text);
      return at === undefined || courseFingerprint(text.slice(at, at + r.course.length)) !== r.fingerprint;
    })
    .map(
      (r) =>
        `${r.labId}: the course's text for '${r.course[0] ?? ""}' changed since this row was written: re-check the spec and update the row`,
    );
}

/** A line a learner types or applies: a CLI call (kubectl, git, helm, argocd) or a manifest's kind. */
export function isCommandLooking(line: string): boolean {
  return /^(kubectl|git|helm|argocd) /.test(line) || /^(- )?kind:/.test(line);
}

/** Every command-looking line of the text that no placed row covers, with its line number and lab. */
export function uncoveredCommandLines(rows: readonly CourseCommandRow[], text: readonly string[]): string[] {
  const covered = new Set<number>();
  for (const r of rows) {
    const at = placeRow(r, text);
    if (at !== undefined) for (let k = 0; k < r.course.length; k++) covered.add(at + k);
  }
  const sections = [...courseSections(text)];
  return text.flatMap((line, index) => {
    if (!isCommandLooking(line) || covered.has(index)) return [];
    const lab = sections.find(([, s]) => index > s.heading && index < s.end)?.[0];
    return [`text line ${index + 1} (${lab ?? "outside every lab"}): '${line}' is covered by no row`];
  });
}
