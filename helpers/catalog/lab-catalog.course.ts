import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LABS } from "./lab-catalog";
import { NO_SHARED_MESSAGE, sharedFile } from "./shared-folder";

/** The course tier (npm run test:course): checks that need the course's own text, and fail without it. */
describe("the lab catalog", () => {
  it("matches the curriculum catalog's IDs and titles", () => {
    const catalogFile = sharedFile("curriculum", "catalog.md");
    if (!catalogFile) throw new Error(NO_SHARED_MESSAGE);
    const rows = readFileSync(catalogFile, "utf8")
      .split("\n")
      .map((line) => /^\| (T\d{2}|M\d\.\d) \| ([^|]+) \|/.exec(line))
      .filter((m) => m !== null)
      .map((m) => ({ id: m[1], title: m[2]?.trim() }));
    expect(LABS.map(({ id, title }) => ({ id, title }))).toEqual(rows);
  });
});
