import { readdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { SUITES_DIR } from "../project/paths";
import { type LabSpecRecord, startListing, stopListing } from "./lab-registry";

export async function specFiles(dir = SUITES_DIR): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries
    .filter((f) => f.endsWith(".spec.ts"))
    .map((f) => path.join(dir, f))
    .sort();
}

/** Imports every spec file in listing mode and returns what each declares. */
export async function listLabSpecs(dir = SUITES_DIR): Promise<LabSpecRecord[]> {
  const listing = startListing();
  try {
    for (const file of await specFiles(dir)) {
      listing.currentFile = path.relative(path.resolve(dir, ".."), file);
      await import(pathToFileURL(file).href);
    }
    return listing.records;
  } finally {
    stopListing();
  }
}
