import { SettingError } from "../project/setting-error";

/**
 * Default timeouts per kind of operation. One scale factor from the
 * environment (LAB_TIMEOUT_SCALE, e.g. 2 on a slow laptop) stretches them all.
 */
export const TIMEOUT_DEFAULTS_MS = {
  /** A quick check against the API, or a local operation. */
  quick: 10_000,
  /** kubectl apply / create until the object is observed. */
  apply: 60_000,
  /** Argo CD noticing a Git change (after a refresh) or drift, and finishing a sync. */
  sync: 120_000,
  /** Argo CD's self-heal putting live state back to Git. */
  selfHeal: 120_000,
  /** Pods becoming Ready (image import, container start). */
  podReady: 180_000,
  /** An Argo Rollouts canary step being reached. */
  rolloutStep: 120_000,
  /** An object and its dependents being gone. */
  deletion: 120_000,
  /** Argo CD RBAC and Kubernetes RBAC changes reaching the API servers. */
  rbacPropagation: 60_000,
  /** k3s booting to a Ready node. */
  clusterBoot: 300_000,
  /** Argo CD or Rollouts installed and Available. */
  install: 600_000,
} as const;

export type TimeoutKind = keyof typeof TIMEOUT_DEFAULTS_MS;

export const TIMEOUT_SCALE_ENV = "LAB_TIMEOUT_SCALE";

/**
 * Below 0.1 the 10 s quick checks get under a second, so waits fail for time, not for what they
 * watch (test:controls uses 0.5). At 20 the 10-minute install wait is already 200 minutes; far larger
 * values overflow Node's timers (AbortSignal.timeout throws past 2^32-1 ms; setTimeout fires at once past 2^31-1).
 */
export const TIMEOUT_SCALE_RANGE = { min: 0.1, max: 20 } as const;

/** Why a scale is refused, or undefined when it is in range. */
function scaleProblem(scale: number): string | undefined {
  const { min, max } = TIMEOUT_SCALE_RANGE;
  if (!Number.isFinite(scale)) return "not a finite number";
  if (scale <= 0) return "not above 0";
  if (scale < min) return `below ${min}, which would leave the 10 s quick checks under a second`;
  if (scale > max) return `above ${max}, which would stretch the 10-minute install wait beyond 200 minutes`;
  return undefined;
}

/** LAB_TIMEOUT_SCALE as a number in TIMEOUT_SCALE_RANGE, 1 when unset; anything else throws a SettingError. */
export function timeoutScale(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[TIMEOUT_SCALE_ENV];
  if (raw === undefined || raw.trim() === "") return 1;
  const scale = Number(raw);
  const problem = scaleProblem(scale);
  if (problem === undefined) return scale;
  const { min, max } = TIMEOUT_SCALE_RANGE;
  throw new SettingError(
    TIMEOUT_SCALE_ENV,
    `${TIMEOUT_SCALE_ENV}=${raw.trim()} is ${problem}. It multiplies every timeout of the run and must be a number from ${min} to ${max}.`,
    "Set it to e.g. 2 on a slow machine to double every timeout, or unset it for the defaults (1).",
  );
}

/** A duration stretched by the environment's scale factor. */
export function scaled(ms: number, env: NodeJS.ProcessEnv = process.env): number {
  return Math.round(ms * timeoutScale(env));
}

export function timeoutFor(kind: TimeoutKind, env: NodeJS.ProcessEnv = process.env): number {
  return scaled(TIMEOUT_DEFAULTS_MS[kind], env);
}
