import type { Application, OperationState } from "./application-types";
import { REFRESH_ANNOTATION } from "./refresh-annotation";

// For self-tests: the Application of a lab as Argo CD reports it, in the states the verdicts read.

export const OLD_SHA = "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432";
export const NEW_SHA = "1a2b3c4d5e6f708192a3b4c5d6e7f80912345678";

export interface AppState {
  sync?: "Synced" | "OutOfSync" | "Unknown";
  health?: "Healthy" | "Progressing" | "Degraded";
  revision?: string;
  automated?: boolean;
  operation?: OperationState;
  requested?: boolean;
  conditions?: { type: string; message: string }[];
  history?: string[];
  refresh?: boolean;
}

export function sampleApplication(state: AppState): Application {
  return {
    metadata: {
      name: "t04-grade-api",
      namespace: "argocd",
      ...(state.refresh ? { annotations: { [REFRESH_ANNOTATION]: "normal" } } : {}),
    },
    spec: { syncPolicy: state.automated === false ? {} : { automated: { prune: true, selfHeal: true } } },
    ...(state.requested ? { operation: { sync: { revision: NEW_SHA } } } : {}),
    status: {
      sync: { status: state.sync ?? "Synced", revision: state.revision ?? OLD_SHA },
      health: { status: state.health ?? "Healthy" },
      ...(state.operation ? { operationState: state.operation } : {}),
      ...(state.conditions ? { conditions: state.conditions } : {}),
      history: (state.history ?? []).map((revision, id) => ({ id, revision })),
    },
  };
}

export const sampleOperation = (
  phase: OperationState["phase"],
  revision: string,
  message = "",
): OperationState => ({
  phase,
  message,
  operation: { sync: { revision } },
  syncResult: { revision },
});
