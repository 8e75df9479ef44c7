import {
  GIT_BIND_ENV,
  isWildcardAddress,
  requiredGitBindAddress,
  wildcardExposure,
} from "../git/bind-address";
import { CONCURRENCY_ENV, labConcurrency } from "../project/concurrency";
import { SettingError } from "../project/setting-error";
import { PIN_ENV, resolvePin } from "../project/versions";
import { TIMEOUT_SCALE_ENV, timeoutScale } from "../wait/timeouts";
import { type CheckResult, fail, ok, warn } from "./check-result";
import type { ClusterMode } from "./cluster-mode";

/**
 * The settings a run reads from the environment, judged by the very readers that use them (so the
 * doctor and the run can never disagree): each a CheckResult, its failure one paragraph.
 */
export const SETTING_CHECKS = {
  timeoutScale: `Timeout scale (${TIMEOUT_SCALE_ENV})`,
  concurrency: `Concurrency (${CONCURRENCY_ENV})`,
  argoCdVersion: `Argo CD version (${PIN_ENV.argoCdVersion})`,
  rolloutsVersion: `Argo Rollouts version (${PIN_ENV.rolloutsVersion})`,
  gitBindAddress: `Git bind address (${GIT_BIND_ENV})`,
} as const;

/** The reader's value as an OK line, or its SettingError as a failure; any other error is a bug and propagates. */
function judge(name: string, read: () => string): CheckResult {
  try {
    return ok(name, read());
  } catch (error) {
    if (!(error instanceof SettingError)) throw error;
    return fail(name, error.problem, error.fix);
  }
}

/** "4" or "4, the default": whether the value came from the environment or from the suite. */
const described = (env: NodeJS.ProcessEnv, variable: string, value: string) =>
  env[variable]?.trim() ? value : `${value}, the default`;

export function checkTimeoutScale(env: NodeJS.ProcessEnv): CheckResult {
  return judge(SETTING_CHECKS.timeoutScale, () =>
    described(env, TIMEOUT_SCALE_ENV, `every timeout ×${timeoutScale(env)}`),
  );
}

export function checkConcurrency(env: NodeJS.ProcessEnv): CheckResult {
  return judge(SETTING_CHECKS.concurrency, () =>
    described(env, CONCURRENCY_ENV, `${labConcurrency(env)} labs at once at most`),
  );
}

export function checkReleaseVersion(
  key: "argoCdVersion" | "rolloutsVersion",
  env: NodeJS.ProcessEnv,
): CheckResult {
  return judge(SETTING_CHECKS[key], () => described(env, PIN_ENV[key], resolvePin(key, env)));
}

/** Only LAB_CLUSTER=existing listens beyond loopback, so only there is the address asked for and judged. */
export function checkGitBindAddress(env: NodeJS.ProcessEnv): CheckResult {
  const result = judge(SETTING_CHECKS.gitBindAddress, () => requiredGitBindAddress(env));
  if (result.status !== "ok" || !isWildcardAddress(result.detail)) return result;
  return warn(
    result.name,
    wildcardExposure(result.detail),
    `Set ${GIT_BIND_ENV} to the one address the cluster's pods reach this machine on (for kind or k3d on Linux, the Docker bridge gateway, often 172.17.0.1); keep ${result.detail} (which Docker Desktop's Kubernetes needs) only on a network you trust.`,
  );
}

/** Every setting that applies to the cluster mode, in a fixed order. */
export function checkSettings(env: NodeJS.ProcessEnv, mode: ClusterMode): CheckResult[] {
  const results = [
    checkTimeoutScale(env),
    checkConcurrency(env),
    checkReleaseVersion("argoCdVersion", env),
    checkReleaseVersion("rolloutsVersion", env),
  ];
  return mode === "existing" ? [...results, checkGitBindAddress(env)] : results;
}

/** What the doctor lists: settings that are refused or risky; sane ones would only echo the environment. */
export function settingProblems(env: NodeJS.ProcessEnv, mode: ClusterMode): CheckResult[] {
  return checkSettings(env, mode).filter((result) => result.status !== "ok");
}
