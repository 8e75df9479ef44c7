import { promisedRefusal } from "../report/expected-refusal";
import { ArgoCdApiError } from "./argocd-api-error";

/** Argo CD's RBAC refusal (HTTP 403 "permission denied…") where the course promises one; nothing else. */
export function permissionDeniedAsPromised(error: unknown): string | undefined {
  const why = promisedRefusal();
  if (why === undefined || !(error instanceof ArgoCdApiError)) return undefined;
  if (error.status !== 403 || !error.isPermissionDenied()) return undefined;
  return `refused with HTTP 403 "${error.serverMessage}", as the course promises: ${why}`;
}
