import { describeApiError, isNotFound } from "../kube/api-error";
import { type KubeClients, mergePatch } from "../kube/kube-clients";
import { attachJson, attachText } from "../report/attach";
import { step } from "../report/step";
import { ROLLOUT_API, readRollout, rolloutPath } from "./rollout-api";
import { describeRollout, isUnpausing, parseRolloutStatus, type RolloutObject } from "./rollout-status";

/**
 * promote and abort, sending exactly what `kubectl argo rollouts promote|abort`
 * v1.9.1 sends (docs/upstream/rollouts-k3s-testcontainers.md A1, A2): JSON merge
 * patches, the status part to the `status` subresource, then the spec part to
 * the main resource.
 */

export type MergePatchBody = Record<string, unknown>;

export interface RolloutPatches {
  /** For the status subresource. */
  status: MergePatchBody | undefined;
  /** For the main resource. */
  spec: MergePatchBody | undefined;
  /** Which branch of promote.go getPatches (no flags) produced them. */
  branch: "clear-pause-conditions" | "inconclusive-next-step" | "skip-step" | "none";
}

/** GetCurrentCanaryStep's index (0 when unset), or undefined for a rollout without canary steps. */
function currentStepIndexForSkip(ro: RolloutObject): number | undefined {
  const steps = ro.spec?.strategy?.canary?.steps ?? [];
  if (steps.length === 0) return undefined;
  const index = ro.status?.currentStepIndex ?? 0;
  return index < steps.length ? index + 1 : index;
}

/** promote.go getPatches, default branch (no --full, no skip flags), as a pure function. */
export function promotePatches(ro: RolloutObject): RolloutPatches {
  const spec = ro.spec?.paused === true ? { spec: { paused: false } } : undefined;
  const pauseConditions = ro.status?.pauseConditions ?? [];
  const canary = ro.spec?.strategy?.canary;
  const inconclusive =
    canary !== undefined && ro.status?.canary?.currentStepAnalysisRunStatus?.status === "Inconclusive";
  if (inconclusive && pauseConditions.length > 0 && ro.status?.controllerPause === true) {
    const index = currentStepIndexForSkip(ro);
    return index === undefined
      ? { status: undefined, spec, branch: "none" }
      : {
          status: { status: { pauseConditions: null, controllerPause: false, currentStepIndex: index } },
          spec,
          branch: "inconclusive-next-step",
        };
  }
  if (pauseConditions.length > 0) {
    return { status: { status: { pauseConditions: null } }, spec, branch: "clear-pause-conditions" };
  }
  if (canary !== undefined) {
    // No pause to resume: the plugin moves past the current step instead.
    const index = currentStepIndexForSkip(ro);
    if (index !== undefined)
      return {
        status: { status: { pauseConditions: null, currentStepIndex: index } },
        spec,
        branch: "skip-step",
      };
  }
  return { status: undefined, spec, branch: "none" };
}

/** abort.go: `{"status":{"abort":true}}` to the status subresource. */
export const ABORT_PATCH: MergePatchBody = Object.freeze({ status: { abort: true } });

/**
 * Why promoting now would not do what the course means by "Resume", or
 * undefined when it is safe. Upstream e2e (when.go PromoteRollout) first waits
 * until the spec is observed and the rollout is not "unpausing"; this also
 * requires a pause condition, so the step-skip branch never runs.
 */
export function promoteRefusal(ro: RolloutObject): string | undefined {
  const s = parseRolloutStatus(ro);
  if (!s.generationObserved)
    return `the controller has not observed generation ${s.generation} yet (observedGeneration ${s.observedGeneration ?? "unset"})`;
  if (isUnpausing(ro))
    return "a previous promote has not been acted on yet (controllerPause set, no pause condition)";
  if (!s.paused) {
    const skip = promotePatches(ro);
    return skip.branch === "skip-step"
      ? `it has no pause condition, so kubectl argo rollouts promote would skip step ${s.currentStepIndex ?? 0} (status patch ${JSON.stringify(skip.status)}) instead of resuming a pause; wait for rolloutPausedAtStep first`
      : "it has no pause condition to clear";
  }
  return undefined;
}

async function patchStatus(k: KubeClients, namespace: string, name: string, body: MergePatchBody) {
  await attachJson(`PATCH ${rolloutPath(namespace, name, "status")} (application/merge-patch+json)`, body);
  try {
    return (await k.custom.patchNamespacedCustomObjectStatus(
      { ...ROLLOUT_API, namespace, name, body },
      mergePatch(),
    )) as RolloutObject;
  } catch (e) {
    // The plugin falls back to one unified patch only for Rollouts <= v0.9 (no status subresource); v1.9.1 has one.
    const hint = isNotFound(e) ? " (the Rollout is gone, or its CRD has no status subresource)" : "";
    throw new Error(`patching Rollout ${namespace}/${name} status: ${describeApiError(e)}${hint}`);
  }
}

async function patchSpec(k: KubeClients, namespace: string, name: string, body: MergePatchBody) {
  await attachJson(`PATCH ${rolloutPath(namespace, name)} (application/merge-patch+json)`, body);
  try {
    return (await k.custom.patchNamespacedCustomObject(
      { ...ROLLOUT_API, namespace, name, body },
      mergePatch(),
    )) as RolloutObject;
  } catch (e) {
    throw new Error(`patching Rollout ${namespace}/${name}: ${describeApiError(e)}`);
  }
}

export interface PromoteResult {
  /** The Rollout as read before patching. */
  before: RolloutObject;
  patches: RolloutPatches;
  /** The Rollout as the last patch returned it. */
  after: RolloutObject;
}

/**
 * `kubectl argo rollouts promote <name> -n <namespace>`: GET, then the status
 * patch, then the spec patch. Refuses (throws, sending nothing) unless a pause
 * condition is set; wait for `rolloutPausedAtStep` first, and for
 * `promoteConsumed` after. Status patches leave metadata.generation alone, so
 * observedGeneration does not move: do not wait on it.
 */
export async function promote(k: KubeClients, namespace: string, name: string): Promise<PromoteResult> {
  return step(`Rollouts: promote ${name} (as kubectl argo rollouts promote)`, async () => {
    const before = await readRollout(k, namespace, name);
    await attachText("Rollout before promote", describeRollout(before));
    const refusal = promoteRefusal(before);
    if (refusal)
      throw new Error(
        `Refusing to promote Rollout ${namespace}/${name}: ${refusal}. State: ${describeRollout(before)}`,
      );
    const patches = promotePatches(before);
    let after = before;
    if (patches.status) after = await patchStatus(k, namespace, name, patches.status);
    if (patches.spec) after = await patchSpec(k, namespace, name, patches.spec);
    return { before, patches, after };
  });
}

/**
 * `kubectl argo rollouts abort <name> -n <namespace>`: one status patch, no GET.
 * The stable ReplicaSet scales back up; spec.template keeps the new version, so
 * the way out is a new commit (or a revert) in Git.
 */
export async function abort(k: KubeClients, namespace: string, name: string): Promise<RolloutObject> {
  return step(`Rollouts: abort ${name} (as kubectl argo rollouts abort)`, () =>
    patchStatus(k, namespace, name, { ...ABORT_PATCH }),
  );
}

export {
  promoteConsumed,
  rolloutAbortedToStable,
  rolloutHealthy,
  rolloutPausedAtStep,
  rolloutPodSplit,
} from "./rollout-expectations";
