import { randomBytes } from "node:crypto";
import { ArgoCdApi } from "../argocd/argocd-api";
import type { ConfigChangeScope } from "../argocd/argocd-config";
import {
  addLocalAccount,
  COURSE_READ_ONLY_ROLE,
  loggedInAs,
  passwordSet,
  readOnlyAccountName,
} from "../argocd/read-only-account";
import { readOnlyPolicyLines } from "../rbac/argocd-policy";
import { attachText } from "../report/attach";
import { registerSecret } from "../report/redaction";
import { step } from "../report/step";
import { ArgoCdUser } from "./argocd-user";
import { type GlobalConfigLane, holdGlobalConfigLock } from "./global-config-lock";
import type { LabContext } from "./lab-context";

/**
 * The course's Lab 3.3 set-up in a lab, done by a platform admin: a local Argo CD account
 * that can log in, the read-only policy in argocd-rbac-cm mapped to it, and its password set
 * by admin through the account API. Everything is put back when the lab closes, inside the
 * serial lane for Argo CD's global configuration.
 */

/** Control of M3.3 and M3.4: argocd-rbac-cm without the course's deny line. */
export const COURSE_DENY_SWITCH = "course-deny-line";

export async function courseReadOnlyUser(lab: LabContext): Promise<ArgoCdUser> {
  const account = readOnlyAccountName(lab.lab.id, lab.namespace);
  const role = COURSE_READ_ONLY_ROLE;
  const lane = await holdGlobalConfigLock(lab);
  return step(
    `Platform admin: local Argo CD account ${account}, mapped to ${role} in argocd-rbac-cm`,
    async () => {
      const lines = readOnlyPolicyLines(account, role, { deny: !lab.isSwitchedOff(COURSE_DENY_SWITCH) });
      await attachText(
        "policy lines (the course's two lines on a role of their own, mapped to the account)",
        lines.join("\n"),
      );
      await addLocalAccount(argoCdConfigScope(lab, lane), account, lines);
      const password = randomBytes(12).toString("base64url");
      registerSecret(password);
      // Setting the password writes argocd-secret (through Argo CD's API): only while the lane is the lab's.
      lane.assertHeld();
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
      return new ArgoCdUser(account, password, role, api);
    },
  );
}

/** The lab's changes to Argo CD's configuration are undone when the lab closes, and must be. */
function argoCdConfigScope(lab: LabContext, lane: GlobalConfigLane): ConfigChangeScope {
  return {
    labId: lab.lab.id,
    core: lab.kube.core,
    onClose: (cleanup) => lab.onClose(cleanup, { mustSucceed: "Argo CD's configuration" }),
    assertHeld: () => lane.assertHeld(),
  };
}
