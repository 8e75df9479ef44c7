import { readFile, stat } from "node:fs/promises";
import type { LabLine } from "./lab-summary";

/** The setup's failure paragraph, unless a lab finished after it was written (then it is from an earlier run). */
export async function runSetupFailure(file: string, lines: readonly LabLine[]): Promise<string | undefined> {
  const written = await stat(file).catch(() => undefined);
  if (!written) return undefined;
  if (lines.some((l) => (l.stop ?? 0) > written.mtimeMs)) return undefined;
  return (await readFile(file, "utf8")).trim() || undefined;
}
