import { type Attempt, answered, attempt, refusedWithPermissionDenied } from "../argocd/api-attempt";
import { canIAnswers } from "../argocd/application-expectations";
import type { Application } from "../argocd/application-types";
import type { ArgoCdApi } from "../argocd/argocd-api";
import {
  type ChangeAttempts,
  everyChangeRefused,
  notAttempted,
  sawAppTreeAndLogs,
  tryChanging,
  tryViewing,
  type ViewAttempts,
} from "../argocd/user-attempts";
import { expectingRefusal } from "../report/expected-refusal";
import type { Expectation } from "../wait/expectation";
import type { LabContext } from "./lab-context";

/**
 * Someone logged in to Argo CD (the course's read-only user, or admin): what Argo CD's can-i
 * says they may do, what they try through the API calls the UI makes, and how Argo CD
 * answers. Each try is made once and judged by name (helpers/argocd/api-attempt.ts).
 */
export class ArgoCdUser {
  constructor(
    readonly account: string,
    readonly password: string,
    readonly role: string,
    /** Argo CD's API as this account; it logs in on first use. */
    readonly api: ArgoCdApi,
  ) {}

  /** `argocd account can-i <action> <resource> <object>` answers `expected`. */
  canI(resource: string, action: string, object: string, expected: boolean): Expectation {
    return canIAnswers(this.api, resource, action, object, expected);
  }

  /** One call as this account, kept with its answer or refusal. */
  attempt<T>(what: string, call: (api: ArgoCdApi) => Promise<T>): Promise<Attempt<T>> {
    return attempt(this.api, what, () => call(this.api));
  }

  /**
   * One call the course says this account may not make: a permission-denied refusal is then
   * a passed step saying so (`promise`: the course's words for why), anything else stays broken.
   */
  attemptRefused<T>(
    what: string,
    promise: string,
    call: (api: ArgoCdApi) => Promise<T>,
  ): Promise<Attempt<T>> {
    return expectingRefusal(promise, () => this.attempt(what, call));
  }

  /** What a negative control leaves when the call is never made. */
  notAttempted<T>(what: string): Attempt<T> {
    return { by: this.account, what: `${what} (not attempted)`, value: undefined };
  }

  /** Argo CD refused the attempt with permission denied (naming `detail`, the permission and object). */
  refused(tried: Attempt<unknown>, detail?: string): Expectation {
    return refusedWithPermissionDenied(tried, detail);
  }

  answered<T>(tried: Attempt<T>): Expectation {
    return answered(tried);
  }

  /** Opens the app, its resource tree and a pod's logs, as the UI does. */
  tryViewing(appName: string, namespace: string): Promise<ViewAttempts> {
    return tryViewing(this.api, appName, namespace);
  }

  sawAppTreeAndLogs(viewed: ViewAttempts): Expectation {
    return sawAppTreeAndLogs(viewed);
  }

  /** Presses Sync, Delete, and Edit → Save on the app, which the course says this account cannot (`promise`). */
  tryChanging(appName: string, app: Application | undefined, promise: string): Promise<ChangeAttempts> {
    return expectingRefusal(promise, () => tryChanging(this.api, appName, app));
  }

  notAttemptedChanges(appName: string): ChangeAttempts {
    return notAttempted(this.account, appName);
  }

  everyChangeRefused(changed: ChangeAttempts): Expectation {
    return everyChangeRefused(changed);
  }
}

/** The suite's admin session (the lab's Argo CD client), as a user. */
export function argoCdAdmin(lab: LabContext): ArgoCdUser {
  return new ArgoCdUser("admin", lab.cluster.argoCd.adminPassword, "role:admin", lab.argocd);
}
