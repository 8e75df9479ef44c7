import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { LABS } from "../catalog/lab-catalog";
import type { LabSpecRecord } from "./lab-registry";
import { listLabSpecs, specFiles } from "./list-specs";

const DOC = path.resolve(import.meta.dirname, "../../docs/upstream-behaviour.md");
let records: LabSpecRecord[];

// Importing every spec takes 2 s on an idle machine, over 10 s (the hook default) while a lab run shares the CPUs.
beforeAll(async () => {
  records = await listLabSpecs();
}, 60_000);

/** The keys docs/upstream-behaviour.md defines: its `### key` headings. */
function documentedKeys(): Set<string> {
  return new Set([...readFileSync(DOC, "utf8").matchAll(/^### (\S+)$/gm)].map((m) => m[1] ?? ""));
}

describe("traceability from the course to its evidence", () => {
  it("maps every lab ID in the catalog to exactly one spec", () => {
    const specsPerLab = LABS.map((lab) => ({
      id: lab.id,
      specs: records.filter((r) => r.id === lab.id).map((r) => r.file),
    }));
    const missingOrDoubled = specsPerLab.filter((l) => l.specs.length !== 1);
    expect(missingOrDoubled, "labs without exactly one spec").toEqual([]);
  });

  it("names each spec file after its lab ID, so LAB=<id> selects it", () => {
    const misnamed = records.filter((r) => !path.basename(r.file ?? "").startsWith(`${r.id}-`));
    expect(misnamed.map((r) => `${r.file} declares ${r.id}`)).toEqual([]);
  });

  it("has no skipped, focused or todo spec", async () => {
    const offenders = (await specFiles())
      .filter((file) => /\.(skip|only|todo|skipIf|runIf|fails)\b/.test(readFileSync(file, "utf8")))
      .map((file) => path.basename(file));
    expect(offenders).toEqual([]);
  });

  it("declares for every spec the upstream behaviours it relies on, each documented", () => {
    const keys = documentedKeys();
    const undocumented = records.flatMap((r) =>
      r.relies.filter((k) => !keys.has(k)).map((k) => `${r.id}: ${k}`),
    );
    expect(records.every((r) => r.relies.length > 0)).toBe(true);
    expect(undocumented).toEqual([]);
  });

  it("gives every spec a sentence for a name", () => {
    const notSentences = records.filter((r) => r.name.split(" ").length < 5).map((r) => `${r.id}: ${r.name}`);
    expect(notSentences).toEqual([]);
  });
});
