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

export function timeoutScale(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[TIMEOUT_SCALE_ENV];
  if (raw === undefined || raw.trim() === "") return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new Error(
      `${TIMEOUT_SCALE_ENV}=${raw} is not a positive number. Set it to e.g. 2 to double every timeout.`,
    );
  }
  return scale;
}

/** A duration stretched by the environment's scale factor. */
export function scaled(ms: number, env: NodeJS.ProcessEnv = process.env): number {
  return Math.round(ms * timeoutScale(env));
}

export function timeoutFor(kind: TimeoutKind, env: NodeJS.ProcessEnv = process.env): number {
  return scaled(TIMEOUT_DEFAULTS_MS[kind], env);
}
