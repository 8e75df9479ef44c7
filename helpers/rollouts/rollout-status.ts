/**
 * A Rollout's status read the way Argo Rollouts v1.9.1 reads it
 * (docs/upstream/rollouts-k3s-testcontainers.md A4). Pure functions of the
 * plain JSON that CustomObjectsApi returns.
 */

export const ROLLOUT_PHASES = ["Healthy", "Degraded", "Progressing", "Paused"] as const;
export type RolloutPhase = (typeof ROLLOUT_PHASES)[number];

/** types.go PauseReason. */
export type PauseReason =
  | "CanaryPauseStep"
  | "BlueGreenPause"
  | "InconclusiveAnalysisRun"
  | "InconclusiveExperiment"
  | (string & {});

export interface CanaryStep {
  setWeight?: number;
  /** An integer means seconds; a string without unit too; with a unit it is a Go duration. Absent: until promoted. */
  pause?: { duration?: number | string };
  [other: string]: unknown;
}

/** The fields of a Rollout this suite reads; everything is optional because the API omits zeros and empties. */
export interface RolloutObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    namespace?: string;
    uid?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: {
    replicas?: number;
    paused?: boolean;
    selector?: { matchLabels?: Record<string, string> };
    strategy?: {
      canary?: {
        steps?: CanaryStep[];
        maxSurge?: number | string;
        maxUnavailable?: number | string;
        trafficRouting?: unknown;
      };
      blueGreen?: Record<string, unknown>;
    };
    template?: {
      metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
      spec?: {
        containers?: { name: string; image?: string; [other: string]: unknown }[];
        [other: string]: unknown;
      };
    };
    [other: string]: unknown;
  };
  status?: {
    abort?: boolean;
    abortedAt?: string;
    pauseConditions?: { reason: PauseReason; startTime?: string }[] | null;
    controllerPause?: boolean;
    currentPodHash?: string;
    currentStepHash?: string;
    currentStepIndex?: number;
    /** A string: the controller writes strconv.Itoa(generation). */
    observedGeneration?: string;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    stableRS?: string;
    promoteFull?: boolean;
    phase?: RolloutPhase;
    message?: string;
    canary?: { weights?: unknown; currentStepAnalysisRunStatus?: { status?: string } };
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    [other: string]: unknown;
  };
}

export interface RolloutStatus {
  namespace: string;
  name: string;
  generation: number | undefined;
  /** As stored: a string (types.go#L980). */
  observedGeneration: string | undefined;
  /** observedGeneration === String(generation), the strict check of upstream e2e (when.go waitForPauseConditionsSet). */
  generationObserved: boolean;
  /** Absent until the controller sets it; `steps.length` once every step is done. */
  currentStepIndex: number | undefined;
  steps: CanaryStep[];
  /** pauseConditions is non-empty. */
  paused: boolean;
  pauseReasons: PauseReason[];
  controllerPause: boolean;
  /** spec.paused: a manual pause (kubectl argo rollouts pause), distinct from a step's pause. */
  specPaused: boolean;
  abort: boolean;
  /** status.phase as the controller last wrote it (may be stale, see effectivePhase). */
  phase: RolloutPhase | undefined;
  message: string | undefined;
  stableRS: string | undefined;
  currentPodHash: string | undefined;
  specReplicas: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
}

export function parseRolloutStatus(ro: RolloutObject): RolloutStatus {
  const s = ro.status ?? {};
  const generation = ro.metadata.generation;
  const pauseReasons = (s.pauseConditions ?? []).map((c) => c.reason);
  return {
    namespace: ro.metadata.namespace ?? "",
    name: ro.metadata.name ?? "",
    generation,
    observedGeneration: s.observedGeneration,
    generationObserved: generation !== undefined && s.observedGeneration === String(generation),
    currentStepIndex: s.currentStepIndex,
    steps: ro.spec?.strategy?.canary?.steps ?? [],
    paused: pauseReasons.length > 0,
    pauseReasons,
    controllerPause: s.controllerPause === true,
    specPaused: ro.spec?.paused === true,
    abort: s.abort === true,
    phase: s.phase,
    message: s.message,
    stableRS: s.stableRS,
    currentPodHash: s.currentPodHash,
    specReplicas: ro.spec?.replicas ?? 1,
    replicas: s.replicas ?? 0,
    updatedReplicas: s.updatedReplicas ?? 0,
    readyReplicas: s.readyReplicas ?? 0,
    availableReplicas: s.availableReplicas ?? 0,
  };
}

/**
 * rolloututil.isGenerationObserved: only a numeric observedGeneration lower
 * than metadata.generation counts as "not observed" (an empty or non-numeric
 * one, or a greater one, is taken as observed).
 */
function upstreamGenerationObserved(ro: RolloutObject): boolean {
  const raw = ro.status?.observedGeneration;
  if (raw === undefined || !/^[+-]?\d+$/.test(raw)) return true;
  return Number(raw) >= (ro.metadata.generation ?? 0);
}

/** controllerPause set but no pause condition left: a promote the controller has not acted on yet. */
export function isUnpausing(ro: RolloutObject): boolean {
  return ro.status?.controllerPause === true && (ro.status.pauseConditions ?? []).length === 0;
}

export interface EffectivePhase {
  phase: RolloutPhase;
  message: string;
}

/**
 * The phase `kubectl argo rollouts get` and upstream e2e would report
 * (rolloututil.GetRolloutPhase): a status the controller wrote before seeing
 * the latest spec, or while a promote is not yet acted on, says Progressing
 * whatever status.phase still reads, so a stale "Paused" is never trusted.
 * Without status.phase (upstream falls back to a v0.10 client-side
 * calculation) this says Progressing: with v1.9.1 the controller always writes one.
 */
export function effectivePhase(ro: RolloutObject): EffectivePhase {
  if (!upstreamGenerationObserved(ro))
    return { phase: "Progressing", message: "waiting for rollout spec update to be observed" };
  if (isUnpausing(ro)) return { phase: "Progressing", message: "waiting for rollout to unpause" };
  const phase = ro.status?.phase;
  if (!phase) return { phase: "Progressing", message: "the controller has not written status.phase yet" };
  // Stryker disable next-line OptionalChaining: equivalent, `phase` above came from ro.status.
  return { phase, message: ro.status?.message ?? "" };
}

const orNone = (hash: string | undefined) => hash ?? "none";

/**
 * One line for verdicts and the report: "Paused (CanaryPauseStep), step 1/4, pauseConditions [CanaryPauseStep],
 * controllerPause, stable 5d8f6c9b7 current 6b7c8d9f4, 4 pods (1 updated, 4 ready, 4 available), generation 2 observed 2".
 */
export function describeRollout(ro: RolloutObject): string {
  const s = parseRolloutStatus(ro);
  const { phase, message } = effectivePhase(ro);
  const parts = [
    `${phase}${message ? ` (${message})` : ""}`,
    s.steps.length > 0 ? `step ${s.currentStepIndex ?? "-"}/${s.steps.length}` : "no steps",
    `pauseConditions [${s.pauseReasons.join(", ")}]`,
    s.controllerPause ? "controllerPause" : "",
    s.specPaused ? "spec.paused" : "",
    s.abort ? "abort" : "",
    `stable ${orNone(s.stableRS)} current ${orNone(s.currentPodHash)}`,
    `${s.replicas} pods (${s.updatedReplicas} updated, ${s.readyReplicas} ready, ${s.availableReplicas} available)`,
    `generation ${s.generation ?? "?"} observed ${s.observedGeneration ?? "never"}`,
  ];
  return parts.filter(Boolean).join(", ");
}

/** The label selector of the Rollout's pods (spec.selector.matchLabels). */
export function rolloutSelector(ro: RolloutObject): Record<string, string> {
  const labels = ro.spec?.selector?.matchLabels;
  if (!labels || Object.keys(labels).length === 0)
    throw new Error(
      `Rollout ${ro.metadata.namespace}/${ro.metadata.name} has no spec.selector.matchLabels to find its pods by`,
    );
  return labels;
}

/** The images of spec.template's containers: the revision the Rollout is moving to. */
export function templateImages(ro: RolloutObject): string[] {
  return (ro.spec?.template?.spec?.containers ?? []).flatMap((c) => (c.image ? [c.image] : []));
}
