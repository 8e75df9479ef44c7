import { describe, expect, it } from "vitest";
import { COURSE_WORDS, courseWordsOf } from "./course-words";
import { LABS } from "./lab-catalog";

// Without the course text: the quotes cover the catalog, each says what its lab claims, none is still garbled.
describe("the course's words", () => {
  it("are there for exactly the catalog's labs", () => {
    expect(Object.keys(COURSE_WORDS).sort()).toEqual(LABS.map((lab) => lab.id).sort());
  });

  it("give every lab at least one claim line", () => {
    const withoutClaim = LABS.filter((lab) => courseWordsOf(lab.id).claim.length === 0).map((lab) => lab.id);
    expect(withoutClaim).toEqual([]);
  });

  it("are decoded: no Greek letter or stray § © ¦ from the garbled text is left", () => {
    const garbled = Object.entries(COURSE_WORDS).flatMap(([id, words]) =>
      words.lines.filter((line) => /[\u0370-\u03FF§©¦]/.test(line)).map((line) => `${id}: ${line}`),
    );
    expect(garbled).toEqual([]);
  });

  it("refuse an unknown lab ID by name", () => {
    expect(() => courseWordsOf("T99")).toThrow(/"T99"/);
    expect(() => courseWordsOf("toString")).toThrow(/"toString"/);
  });
});
