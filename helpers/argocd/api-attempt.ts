import { type Expectation, expectation, fail, pass, type Verdict } from "../wait/expectation";
import type { ArgoCdApi } from "./argocd-api";
import { ArgoCdApiError, PERMISSION_DENIED_PREFIX } from "./argocd-api-error";

/**
 * One call to Argo CD's API made as a user, kept with its outcome, so a lab can say what
 * was tried and then judge it by name: answered, or refused with "permission denied".
 * The call is made exactly once (a sync or delete is not something to repeat while
 * polling); the verdicts below are final, never pending.
 */
export interface Attempt<T> {
  /** "sync application m3-3-grade-api". */
  what: string;
  /** The account that made the call. */
  by: string;
  value?: T;
  error?: unknown;
}

export async function attempt<T>(
  api: Pick<ArgoCdApi, "username">,
  what: string,
  call: () => Promise<T>,
): Promise<Attempt<T>> {
  try {
    return { what, by: api.username, value: await call() };
  } catch (error) {
    return { what, by: api.username, error };
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Refused by RBAC: HTTP 403 whose message starts "permission denied" (plain, or detailed with the policy tuple). */
export function permissionDeniedVerdict(a: Attempt<unknown>, detail?: string): Verdict {
  if (a.error === undefined) return fail(`${a.by}'s ${a.what} was accepted`);
  if (a.error instanceof ArgoCdApiError && a.error.status === 403 && a.error.isPermissionDenied()) {
    // "permission denied: applications, sync, default/app": which permission, on which object.
    if (detail && !a.error.serverMessage.includes(detail)) {
      return fail(`HTTP 403 "${a.error.serverMessage}", but not for "${detail}"`);
    }
    return pass(`HTTP 403 "${a.error.serverMessage}"`);
  }
  return fail(
    `${a.by}'s ${a.what} failed, but not with HTTP 403 "${PERMISSION_DENIED_PREFIX}": ${describeError(a.error)}`,
  );
}

/** Answered, and the answer passes `check` (which returns a problem in words, or undefined). */
export function answeredVerdict<T>(a: Attempt<T>, check?: (value: T) => string | undefined): Verdict {
  if (a.error !== undefined) return fail(`${a.by}'s ${a.what} was refused: ${describeError(a.error)}`);
  const problem = check?.(a.value as T);
  return problem
    ? fail(`${a.by}'s ${a.what} was answered, but ${problem}`)
    : pass(`${a.by}'s ${a.what} was answered`);
}

export function refusedWithPermissionDenied(a: Attempt<unknown>, detail?: string): Expectation {
  return expectation(
    `Argo CD to refuse ${a.by}'s ${a.what} with permission denied${detail ? `: ${detail}` : ""}`,
    () => permissionDeniedVerdict(a, detail),
  );
}

export function answered<T>(a: Attempt<T>, check?: (value: T) => string | undefined): Expectation {
  return expectation(`Argo CD to answer ${a.by}'s ${a.what}`, () => answeredVerdict(a, check));
}
