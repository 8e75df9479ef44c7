// With its extension: vitest.config.ts imports this file, and Vite's config loader wants explicit extensions.
import { LABS } from "./lab-catalog.ts";

export const LAB_FILTER_ENV = "LAB";

export class UnknownLabError extends Error {
  constructor(readonly unknown: string[]) {
    super(
      `Unknown lab ID${unknown.length > 1 ? "s" : ""} in ${LAB_FILTER_ENV}: ${unknown.join(", ")}. ` +
        `Valid IDs are ${LABS.map((l) => l.id).join(", ")}; separate several with commas, e.g. ${LAB_FILTER_ENV}=T01,M1.3.`,
    );
    this.name = "UnknownLabError";
  }
}

/** The lab IDs chosen by LAB (e.g. "T01,m1.3"), or every lab when it is unset. Case-insensitive. */
export function selectedLabIds(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env[LAB_FILTER_ENV]?.trim();
  if (!raw) return LABS.map((l) => l.id);
  const wanted = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (wanted.length === 0) throw new UnknownLabError([JSON.stringify(raw)]);
  const unknown = wanted.filter((w) => !LABS.some((l) => l.id.toLowerCase() === w.toLowerCase()));
  if (unknown.length > 0) throw new UnknownLabError(unknown);
  return LABS.filter((l) => wanted.some((w) => w.toLowerCase() === l.id.toLowerCase())).map((l) => l.id);
}

/** Spec files are named after their lab ID (`T01-....spec.ts`), so the selection is a set of globs. */
export function specGlobs(ids: readonly string[]): string[] {
  return ids.map((id) => `suites/**/${id}-*.spec.ts`);
}
