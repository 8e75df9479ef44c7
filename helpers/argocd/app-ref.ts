import type { Application } from "./application-types";
import type { ArgoCdApi, RefreshType } from "./argocd-api";

/**
 * An Application to watch: its name (for messages) and a way to read it now. The reader may be
 * the Argo CD API or a Kubernetes read of the CR; both return the same JSON shape.
 */
export interface AppRef {
  name: string;
  /** The Application as it is now; undefined while it does not exist. */
  read: () => Promise<Application | undefined>;
}

export function appRef(name: string, read: AppRef["read"]): AppRef {
  return { name, read };
}

/**
 * Reads through the API. With `refresh`, every read asks the controller to reconcile first and
 * returns the reconciled state (slower, but sees a new commit without waiting for the poll).
 * A missing app is a 403 "permission denied" there, not a 404, so it surfaces as an error.
 */
export function appViaApi(
  api: Pick<ArgoCdApi, "getApplication">,
  name: string,
  options: { refresh?: RefreshType } = {},
): AppRef {
  return appRef(name, () => api.getApplication(name, options));
}
