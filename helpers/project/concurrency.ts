// With its extension: vitest.config.ts imports this file, and Vite's config loader wants explicit extensions.
import { SettingError } from "./setting-error.ts";

export const CONCURRENCY_ENV = "LAB_CONCURRENCY";

/**
 * Each lab at once is a vitest worker (a Node process) plus the lab's pods on one shared node; 4 was
 * measured on 2 CPUs. 16 leaves room for a big machine; above it a value is more likely a typo (40
 * for 4) than a cluster that can take it.
 */
export const CONCURRENCY_RANGE = { min: 1, max: 16, default: 4 } as const;

/** LAB_CONCURRENCY as a whole number in CONCURRENCY_RANGE, the default when unset; anything else throws a SettingError. */
export function labConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[CONCURRENCY_ENV]?.trim();
  const { min, max } = CONCURRENCY_RANGE;
  if (!raw) return CONCURRENCY_RANGE.default;
  // A sign and digits only: parseInt would take "4x" as 4 and "1e3" as 1.
  const n = /^[+-]?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (n >= min && n <= max) return n;
  throw new SettingError(
    CONCURRENCY_ENV,
    `${CONCURRENCY_ENV}=${raw} is ${Number.isNaN(n) ? "not a whole number" : `outside ${min} to ${max}`}. It is how many labs run at once on the shared cluster, a whole number from ${min} to ${max}.`,
    `Set it to e.g. 2 on a small machine, or unset it for the default (${CONCURRENCY_RANGE.default}).`,
  );
}
