/**
 * Asking Argo CD to look at Git now, without its API (docs/upstream/argo-cd.md §3): the
 * application controller re-resolves the branch when it sees this annotation, and removes it
 * in the same patch that writes the new status. So "annotation gone" means the status shown
 * already describes that reconcile. Any value other than "hard" means normal.
 */
export const REFRESH_ANNOTATION = "argocd.argoproj.io/refresh";

export type RefreshKind = "normal" | "hard";

/** A JSON merge patch (Content-Type application/merge-patch+json) for the Application CR. */
export function refreshAnnotationPatch(kind: RefreshKind = "normal"): {
  metadata: { annotations: Record<string, string> };
} {
  return { metadata: { annotations: { [REFRESH_ANNOTATION]: kind } } };
}

/** Whether a refresh was asked for and the controller has not yet answered it. */
export function refreshPending(app: { metadata?: { annotations?: Record<string, string> } }): boolean {
  return app.metadata?.annotations?.[REFRESH_ANNOTATION] !== undefined;
}
