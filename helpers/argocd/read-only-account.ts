import { type Expectation, expectation, fail, pass, pending } from "../wait/expectation";
import type { ArgoCdApi, PasswordChange } from "./argocd-api";
import { ArgoCdApiError } from "./argocd-api-error";
import {
  ARGOCD_CM,
  ARGOCD_RBAC_CM,
  type ConfigChangeScope,
  forgetAccountSecretsOnClose,
  patchArgoCdConfigMap,
} from "./argocd-config";
import { SUITE_NAME_PREFIX } from "./owned-config";

/**
 * The Argo CD side of the course's Lab 3.3 set-up, done by a platform admin: a local account
 * that can log in (`accounts.<name>: login` in argocd-cm), policy lines for it in
 * argocd-rbac-cm, and its password set by admin through the account API. The lab's own
 * set-up (lock, control switch, waits) is helpers/lab/argocd-read-only-user.ts.
 */

/** The suite's role for the course's two policy lines (see readOnlyPolicyLines for why not role:readonly). */
export const COURSE_READ_ONLY_ROLE = `role:${SUITE_NAME_PREFIX}readonly`;

/**
 * One account per lab ("gitops-conformance-ro-m3-3", the prefix marking it as the suite's), so a lab never inherits another's login failures
 * or tokens; and per attempt (the lab's namespace ends in `-r1` on a retry): a retry must not
 * inherit the login lockout of the attempt before it.
 */
export function readOnlyAccountName(labId: string, namespace = ""): string {
  const retry = /-(r\d+)$/.exec(namespace)?.[1];
  const name = `${SUITE_NAME_PREFIX}ro-${labId.toLowerCase().replace(/[^a-z0-9]+/g, "-")}${retry ? `-${retry}` : ""}`;
  // Argo CD refuses a longer username at login (400 "Username is too long (32 bytes max)").
  if (Buffer.byteLength(name) > ARGOCD_MAX_USERNAME_BYTES)
    throw new Error(`account name ${name} is longer than Argo CD's ${ARGOCD_MAX_USERNAME_BYTES} bytes`);
  return name;
}

export const ARGOCD_MAX_USERNAME_BYTES = 32;

/**
 * Appends each line after a newline, leaving every existing byte as it was: taking the lines
 * out again (owned-config.ts) gives back exactly the text before, trailing newline or not.
 */
export function withPolicyLines(existing: string | undefined, lines: readonly string[]): string {
  return `${existing ?? ""}${lines.map((line) => `\n${line}`).join("")}`;
}

/**
 * Admin sets the account's password, once argocd-server's informer has seen the account in
 * argocd-cm; until then the account API answers "account '<name>' does not exist"
 * (util/settings/accounts.go GetAccount). After the change argocd-server resyncs its
 * informers before answering (util/settings/settings.go updateSecret), so a login right
 * after it cannot fail on a stale hash and count towards the 5-failure lock-out.
 */
export function passwordSet(admin: Pick<ArgoCdApi, "updatePassword">, change: PasswordChange): Expectation {
  return expectation(`Argo CD to accept a password for account ${change.name}`, async () => {
    try {
      await admin.updatePassword(change);
      return pass(`password of ${change.name} set`);
    } catch (error) {
      if (error instanceof ArgoCdApiError && /does not exist/.test(error.serverMessage))
        return pending(`argocd-server does not know account ${change.name} yet: ${error.serverMessage}`);
      return fail(error instanceof Error ? error.message : String(error));
    }
  });
}

/**
 * The account has a session: one login, judged at once. A refused login is never retried by
 * polling, since five failures in 300 s lock the account out (argocd.api-session).
 */
export function loggedInAs(api: Pick<ArgoCdApi, "userInfo" | "username">): Expectation {
  return expectation(`${api.username} to be logged in to Argo CD`, async () => {
    try {
      const info = await api.userInfo();
      return info.loggedIn === true && info.username === api.username
        ? pass(`logged in as ${info.username} (issuer ${info.iss ?? "?"})`)
        : fail(`the session says ${JSON.stringify(info)}`);
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
  });
}

/**
 * A local account that can log in (argocd-cm) and `policyLines` appended to policy.csv
 * (argocd-rbac-cm), each change undone when the scope closes, and the password keys Argo CD
 * will add for the account in argocd-secret removed then too.
 */
export async function addLocalAccount(
  scope: ConfigChangeScope,
  account: string,
  policyLines: readonly string[],
): Promise<void> {
  await patchArgoCdConfigMap(scope, ARGOCD_CM, { [`accounts.${account}`]: "login" });
  await patchArgoCdConfigMap(scope, ARGOCD_RBAC_CM, (before) => ({
    "policy.csv": withPolicyLines(before?.["policy.csv"], policyLines),
  }));
  await forgetAccountSecretsOnClose(scope, account);
}
