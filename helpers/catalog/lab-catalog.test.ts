import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LABS } from "./lab-catalog";
import { NO_SHARED_REASON, sharedFile } from "./shared-folder";

const catalogFile = sharedFile("curriculum", "catalog.md");

describe("the lab catalog", () => {
  it.skipIf(!catalogFile)(
    `matches the curriculum catalog's IDs and titles (${catalogFile ? "" : NO_SHARED_REASON})`,
    () => {
      const rows = readFileSync(catalogFile ?? "", "utf8")
        .split("\n")
        .map((line) => /^\| (T\d{2}|M\d\.\d) \| ([^|]+) \|/.exec(line))
        .filter((m) => m !== null)
        .map((m) => ({ id: m[1], title: m[2]?.trim() }));
      expect(LABS.map(({ id, title }) => ({ id, title }))).toEqual(rows);
    },
  );

  it("has unique IDs", () => {
    expect(new Set(LABS.map((l) => l.id)).size).toBe(LABS.length);
  });
});
