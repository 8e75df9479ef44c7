import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COURSE_COMMANDS } from "./course-commands";
import { courseLines, misplacedRows, staleRows, uncoveredCommandLines } from "./course-commands-check";
import { NO_SHARED_MESSAGE, sharedFile } from "./shared-folder";

/**
 * The course tier of the coverage table: each row quotes the course's text where its lab is, was
 * judged against that text as it is now, and together the rows leave no command of the course out.
 */
function courseText(): string[] {
  const file = sharedFile("curriculum", "gitops-labs.txt");
  if (!file) throw new Error(NO_SHARED_MESSAGE);
  return courseLines(readFileSync(file, "utf8"));
}

describe("the course-coverage table against the course's text", () => {
  it("quotes every row as consecutive lines of its lab's section, no line twice", () => {
    expect(misplacedRows(COURSE_COMMANDS, courseText())).toEqual([]);
  });

  it("holds for every row the fingerprint of the course's text it covers now", () => {
    expect(staleRows(COURSE_COMMANDS, courseText())).toEqual([]);
  });

  it("covers every kubectl, git, helm, argocd and kind: line of the course", () => {
    expect(uncoveredCommandLines(COURSE_COMMANDS, courseText())).toEqual([]);
  });
});
