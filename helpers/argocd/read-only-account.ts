import { randomBytes } from "node:crypto";
import { holdGlobalConfigLock } from "../lab/global-config-lock";
import type { LabContext } from "../lab/lab-context";
import { readOnlyPolicyLines } from "../rbac/argocd-policy";
import { attachText } from "../report/attach";
import { registerSecret } from "../report/redaction";
import { step } from "../report/step";
import { type Expectation, expectation, fail, pass, pending } from "../wait/expectation";
import { ArgoCdApi, type PasswordChange } from "./argocd-api";
import { ArgoCdApiError } from "./argocd-api-error";
import {
  ARGOCD_CM,
  ARGOCD_RBAC_CM,
  forgetAccountSecretsOnClose,
  patchArgoCdConfigMap,
} from "./argocd-config";

/**
 * The course's Lab 3.3 set-up, done by a platform admin: a local Argo CD account that can
 * log in (`accounts.<name>: login` in argocd-cm), the read-only policy in argocd-rbac-cm
 * mapped to it, and its password set by admin through the account API. Everything is put
 * back when the lab closes, inside the serial lane for Argo CD's global configuration.
 */

/** Control of M3.3 and M3.4: argocd-rbac-cm without the course's deny line. */
export const COURSE_DENY_SWITCH = "course-deny-line";

/** The suite's role for the course's two policy lines (see readOnlyPolicyLines for why not role:readonly). */
export const COURSE_READ_ONLY_ROLE = "role:course-readonly";

export interface ReadOnlyUser {
  account: string;
  password: string;
  role: string;
  /** Argo CD's API as this account; it logs in on first use. */
  api: ArgoCdApi;
}

/** One account per lab ("read-only-m3-3"), so a lab never inherits another's login failures or tokens. */
/**
 * One account per lab attempt (the lab's namespace ends in `-r1` on a retry): a retry
 * must not inherit the login lockout of the attempt before it.
 */
export function readOnlyAccountName(labId: string, namespace = ""): string {
  const retry = /-(r\d+)$/.exec(namespace)?.[1];
  return `read-only-${labId.toLowerCase().replace(/[^a-z0-9]+/g, "-")}${retry ? `-${retry}` : ""}`;
}

export function withPolicyLines(existing: string | undefined, lines: readonly string[]): string {
  const kept = existing?.trimEnd();
  return `${kept ? `${kept}\n` : ""}${lines.join("\n")}\n`;
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

export async function courseReadOnlyUser(lab: LabContext): Promise<ReadOnlyUser> {
  const account = readOnlyAccountName(lab.lab.id, lab.namespace);
  const role = COURSE_READ_ONLY_ROLE;
  await holdGlobalConfigLock(lab);
  return step(
    `Platform admin: local Argo CD account ${account}, mapped to ${role} in argocd-rbac-cm`,
    async () => {
      const lines = readOnlyPolicyLines(account, role, { deny: !lab.isSwitchedOff(COURSE_DENY_SWITCH) });
      await attachText(
        "policy lines (the course's two lines on a role of their own, mapped to the account)",
        lines.join("\n"),
      );
      await patchArgoCdConfigMap(lab, ARGOCD_CM, { [`accounts.${account}`]: "login" });
      await patchArgoCdConfigMap(lab, ARGOCD_RBAC_CM, (before) => ({
        "policy.csv": withPolicyLines(before?.["policy.csv"], lines),
      }));
      await forgetAccountSecretsOnClose(lab, account);
      const password = randomBytes(12).toString("base64url");
      registerSecret(password);
      await lab.waitUntil(
        passwordSet(lab.argocd, {
          name: account,
          newPassword: password,
          currentPassword: lab.cluster.argoCd.adminPassword,
        }),
        "rbacPropagation",
      );
      const api = new ArgoCdApi({ baseUrl: lab.cluster.argoCd.url, username: account, password });
      // Log in once and judge it at once. Without this the first call as the account is a polled
      // can-i, and a refused login would be retried on every poll (ArgoCdApi caches no failed
      // login) until five failures lock the account out (argocd.api-session).
      await lab.waitUntil(loggedInAs(api), "quick");
      return { account, password, role, api };
    },
  );
}
