import type { V1Pod } from "@kubernetes/client-node";
import type { KubeClients } from "../kube/kube-clients";
import { listPods } from "../kube/pod-listing";
import {
  describeBlocker,
  isPodReady,
  livePods,
  podBlockers,
  podRunsImage,
  summarizePods,
} from "../kube/pod-summary";
import { type Expectation, expectation, fail, pass, pending, type Verdict } from "../wait/expectation";
import { POD_TEMPLATE_HASH_LABEL, podSplit, type SplitCounts } from "./canary-split";
import { findRollout } from "./rollout-api";
import {
  describeRollout,
  effectivePhase,
  parseRolloutStatus,
  type RolloutObject,
  rolloutSelector,
  templateImages,
} from "./rollout-status";

/**
 * Rollout states the labs wait for, as tri-state verdicts (pure, on the
 * Rollout and its pods) and Expectation factories reading the cluster.
 * Every message carries describeRollout(), so a timeout shows the whole state.
 */

/** A Degraded rollout (aborted, progress deadline, invalid spec) will not get to any other awaited state alone. */
function unexpectedDegraded(ro: RolloutObject): Verdict | undefined {
  const { phase, message } = effectivePhase(ro);
  if (phase === "Degraded")
    return fail(`Rollout is Degraded: ${message || "(no message)"}; ${describeRollout(ro)}`);
  return undefined;
}

function blockedPods(pods: readonly V1Pod[]): Verdict | undefined {
  const [first] = podBlockers(pods);
  return first ? fail(`${describeBlocker(first)}; ${summarizePods(pods)}`) : undefined;
}

// ---- Paused at a step ---------------------------------------------------------------------------

/**
 * At `stepIndex` (a pause step) with its CanaryPauseStep condition, for the
 * current generation. The controller sets the index and the pause condition in
 * separate reconciles (when.go WaitForRolloutCanaryStepIndex), so both are required.
 */
export function pausedAtStepVerdict(ro: RolloutObject, stepIndex: number): Verdict {
  const s = parseRolloutStatus(ro);
  const state = describeRollout(ro);
  const step = s.steps[stepIndex];
  if (s.steps.length > 0 && step?.pause === undefined)
    return fail(`step ${stepIndex} is not a pause step (${JSON.stringify(step ?? null)}); ${state}`);
  // A new revision resets abort and the step index (sync.go resetRolloutStatus): judge only an observed spec.
  if (!s.generationObserved) return pending(`generation ${s.generation} not observed yet; ${state}`);
  if (s.abort) return fail(`Rollout was aborted; ${state}`);
  const degraded = unexpectedDegraded(ro);
  if (degraded) return degraded;
  if (s.currentStepIndex !== stepIndex) return pending(state);
  if (!s.pauseReasons.includes("CanaryPauseStep"))
    return pending(`step index reached, pause condition not set yet; ${state}`);
  return pass(state);
}

export function rolloutPausedAtStep(
  k: KubeClients,
  namespace: string,
  name: string,
  stepIndex: number,
): Expectation {
  return rolloutExpectation(k, namespace, name, `paused at step ${stepIndex}`, (ro) =>
    pausedAtStepVerdict(ro, stepIndex),
  );
}

// ---- Promote consumed ---------------------------------------------------------------------------

/**
 * The controller acted on a promote sent at `stepIndexBefore`: the step index
 * moved on (a later pause step may already hold it again), or the pause
 * condition and controllerPause are both gone. While "unpausing"
 * (controllerPause, no condition) it has not; upstream e2e then forces a
 * reconcile (when.go clearControllerPauseIfNeeded), here the wait reports it.
 */
export function promoteConsumedVerdict(ro: RolloutObject, stepIndexBefore: number): Verdict {
  const s = parseRolloutStatus(ro);
  const state = describeRollout(ro);
  if (s.abort) return fail(`Rollout was aborted; ${state}`);
  const degraded = unexpectedDegraded(ro);
  if (degraded) return degraded;
  const index = s.currentStepIndex ?? 0;
  if (index > stepIndexBefore) return pass(`moved on to step ${index}; ${state}`);
  if (s.paused) return pending(`still paused at step ${index}: the promote has not landed; ${state}`);
  if (s.controllerPause) return pending(`unpausing, not yet acted on by the controller; ${state}`);
  return pass(`pause released at step ${index}; ${state}`);
}

export function promoteConsumed(
  k: KubeClients,
  namespace: string,
  name: string,
  stepIndexBefore: number,
): Expectation {
  return rolloutExpectation(
    k,
    namespace,
    name,
    `past the pause at step ${stepIndexBefore} (promote consumed)`,
    (ro) => promoteConsumedVerdict(ro, stepIndexBefore),
  );
}

// ---- Healthy on an image ------------------------------------------------------------------------

/**
 * Fully rolled out to `image`: spec observed, phase Healthy (effectivePhase,
 * so never a stale one), stableRS === currentPodHash, and exactly
 * spec.replicas live pods, all of the stable hash, on the image and Ready.
 */
export function rolloutHealthyVerdict(ro: RolloutObject, pods: readonly V1Pod[], image: string): Verdict {
  const s = parseRolloutStatus(ro);
  const state = describeRollout(ro);
  const images = templateImages(ro);
  // Until Git's change reaches the Rollout, an old abort or Degraded is not the verdict on this image.
  if (!images.includes(image))
    return pending(`spec.template is on ${images.join(", ") || "no image"}; ${state}`);
  if (!s.generationObserved) return pending(`generation ${s.generation} not observed yet; ${state}`);
  if (s.abort) return fail(`Rollout was aborted; ${state}`);
  const degraded = unexpectedDegraded(ro);
  if (degraded) return degraded;
  const blocked = blockedPods(pods);
  if (blocked) return blocked;
  if (effectivePhase(ro).phase !== "Healthy") return pending(state);
  if (!s.stableRS || s.stableRS !== s.currentPodHash)
    return pending(`stableRS is not currentPodHash yet; ${state}`);
  const live = livePods(pods);
  const good = live.filter(
    (p) =>
      p.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL] === s.stableRS && podRunsImage(p, image) && isPodReady(p),
  );
  const summary = summarizePods(pods);
  if (good.length !== s.specReplicas || live.length !== s.specReplicas)
    return pending(
      `${good.length} of ${s.specReplicas} pods stable, Ready and on ${image} (${live.length} live); ${summary}; ${state}`,
    );
  return pass(`${state}; ${summary}`);
}

export function rolloutHealthy(k: KubeClients, namespace: string, name: string, image: string): Expectation {
  return rolloutExpectation(k, namespace, name, `Healthy on ${image}`, async (ro) =>
    rolloutHealthyVerdict(ro, await listPods(k, namespace, rolloutSelector(ro)), image),
  );
}

// ---- Aborted back to stable ---------------------------------------------------------------------

/** status.abort, no live canary pods, and spec.replicas Ready stable pods (desired weight 0, canary.go#L546-L549). */
export function abortedToStableVerdict(ro: RolloutObject, pods: readonly V1Pod[]): Verdict {
  const s = parseRolloutStatus(ro);
  const state = describeRollout(ro);
  if (!s.abort) return pending(`status.abort is not set; ${state}`);
  const split = podSplit(ro, pods);
  const want = `want 0 canary + ${s.specReplicas} stable Ready`;
  if (
    split.canary > 0 ||
    split.other > 0 ||
    split.stable !== s.specReplicas ||
    split.stableReady !== s.specReplicas
  )
    return pending(`${split.description}, ${split.stableReady} stable Ready, ${want}; ${state}`);
  return pass(`${split.description}; ${state}`);
}

export function rolloutAbortedToStable(k: KubeClients, namespace: string, name: string): Expectation {
  return rolloutExpectation(k, namespace, name, "aborted back to its stable pods", async (ro) =>
    abortedToStableVerdict(ro, await listPods(k, namespace, rolloutSelector(ro))),
  );
}

// ---- A given split ------------------------------------------------------------------------------

/** Exactly `want` live canary and stable pods, all Ready, none of another revision (e.g. expectedSplit(20, 3)). */
export function podSplitVerdict(ro: RolloutObject, pods: readonly V1Pod[], want: SplitCounts): Verdict {
  const state = describeRollout(ro);
  const degraded = unexpectedDegraded(ro);
  if (degraded) return degraded;
  const blocked = blockedPods(pods);
  if (blocked) return blocked;
  const split = podSplit(ro, pods);
  const ok =
    split.canary === want.canary &&
    split.stable === want.stable &&
    split.other === 0 &&
    split.canaryReady === want.canary &&
    split.stableReady === want.stable;
  const text = `${split.description} (${split.canaryReady} + ${split.stableReady} Ready), want ${want.canary} canary + ${want.stable} stable; ${state}`;
  return ok ? pass(text) : pending(text);
}

export function rolloutPodSplit(
  k: KubeClients,
  namespace: string,
  name: string,
  want: SplitCounts,
): Expectation {
  return rolloutExpectation(
    k,
    namespace,
    name,
    `at ${want.canary} canary + ${want.stable} stable pods`,
    async (ro) => podSplitVerdict(ro, await listPods(k, namespace, rolloutSelector(ro)), want),
  );
}

function rolloutExpectation(
  k: KubeClients,
  namespace: string,
  name: string,
  what: string,
  verdict: (ro: RolloutObject) => Verdict | Promise<Verdict>,
): Expectation {
  return expectation(`Rollout ${namespace}/${name} ${what}`, async () => {
    const ro = await findRollout(k, namespace, name);
    return ro ? verdict(ro) : pending(`Rollout ${namespace}/${name} not found`);
  });
}
