import type { V1Pod } from "@kubernetes/client-node";
import { isPodReady, isTerminating } from "../kube/pod-summary";
import type { RolloutObject } from "./rollout-status";

/**
 * Canary vs stable pods of a basic canary (no traffic routing). There
 * status.canary.weights is nil (trafficrouting.go#L169-L172), so the split is
 * read from pods by their `rollouts-pod-template-hash` label against
 * status.stableRS and status.currentPodHash.
 */
export const POD_TEMPLATE_HASH_LABEL = "rollouts-pod-template-hash";

export interface SplitCounts {
  canary: number;
  stable: number;
}

export interface PodSplit extends SplitCounts {
  canaryReady: number;
  stableReady: number;
  /** Live pods of neither hash: an older revision still scaling down. */
  other: number;
  /** Pods being deleted; counted in no other field (upstream WaitForRevisionPodCount skips them too). */
  terminating: number;
  /** "1 canary + 3 stable", with other and terminating pods when there are any. */
  description: string;
}

export function podSplit(rollout: RolloutObject, pods: readonly V1Pod[]): PodSplit {
  const stableHash = rollout.status?.stableRS;
  const currentHash = rollout.status?.currentPodHash;
  const split = { canary: 0, stable: 0, canaryReady: 0, stableReady: 0, other: 0, terminating: 0 };
  for (const pod of pods) {
    if (isTerminating(pod)) {
      split.terminating += 1;
      continue;
    }
    const hash = pod.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL];
    const ready = isPodReady(pod) ? 1 : 0;
    // Once fully promoted stableRS === currentPodHash: every current pod is stable, none canary.
    if (hash !== undefined && hash === stableHash) {
      split.stable += 1;
      split.stableReady += ready;
    } else if (hash !== undefined && hash === currentHash) {
      split.canary += 1;
      split.canaryReady += ready;
    } else {
      split.other += 1;
    }
  }
  const extras = [
    split.other > 0 ? `${split.other} other` : "",
    split.terminating > 0 ? `${split.terminating} terminating` : "",
  ].filter(Boolean);
  const description = `${split.canary} canary + ${split.stable} stable${extras.length ? ` (${extras.join(", ")})` : ""}`;
  return { ...split, description };
}

/** The default canary maxSurge "25%" as a count: rounded up (replicaset.go#L407-L426). */
export const defaultMaxSurge = (replicas: number): number => Math.ceil(replicas * 0.25);

export interface ExpectedSplitOptions {
  /** maxSurge as a count; default 25 % of replicas rounded up (1 for 3 replicas). */
  maxSurge?: number;
}

const MAX_WEIGHT = 100;

const fraction = (x: number) => x - Math.trunc(x);

/** floorCeilingTied: x.5 canary pods, where upstream takes the larger count. */
const tied = (weight: number, total: number) => fraction(total * (weight / MAX_WEIGHT)) === 0.5;

const weightDelta = (weight: number, canary: number, total: number) =>
  Math.abs((canary * MAX_WEIGHT) / total - weight);

/**
 * The canary/stable pod counts a basic canary settles at for a setWeight,
 * following approximateWeightedCanaryStableReplicaCounts, which
 * CalculateReplicaCountsForBasicCanary steers towards (utils/replicaset/canary.go
 * #L124-L273 at v1.9.1). The step only completes once these counts are
 * available, so at a pause step the live pods match them.
 *
 * Assumes the defaults maxSurge 25% (1 pod of 3) and maxUnavailable 25%
 * (0 pods of 3), which affect only the path, not the end state. For the
 * course's 3 replicas:
 *   setWeight 20 → 1 canary + 3 stable (4 pods, 25 %)
 *   setWeight 50 → 2 canary + 2 stable
 *   abort (weight 0, GetCurrentSetWeight) → 0 canary + 3 stable
 *   all steps done (weight 100) → 3 current pods, which are then the stable ones.
 * With maxSurge 0 the total stays at replicas: 20 → 1 + 2, 50 → 2 + 1 (canary_test.go#L812-L817).
 */
export function expectedSplit(
  weight: number,
  replicas: number,
  options: ExpectedSplitOptions = {},
): SplitCounts {
  if (!Number.isInteger(weight) || weight < 0 || weight > MAX_WEIGHT)
    throw new Error(`setWeight must be an integer from 0 to ${MAX_WEIGHT}, got ${weight}`);
  if (replicas === 0) return { canary: 0, stable: 0 };
  const maxSurge = options.maxSurge ?? defaultMaxSurge(replicas);
  const ceil = Math.ceil((replicas * weight) / MAX_WEIGHT);
  const floor = Math.floor((replicas * weight) / MAX_WEIGHT);
  // A weight of 1-99 never yields 0 canary (or 0 stable) pods, unless a single replica cannot surge.
  const zeroAllowed = weight === MAX_WEIGHT || weight === 0 || (replicas === 1 && maxSurge === 0);
  const candidates: { canary: number; total: number }[] = [];
  if (ceil < replicas || zeroAllowed) candidates.push({ canary: ceil, total: replicas });
  if (!tied(weight, replicas) && (floor !== 0 || zeroAllowed))
    candidates.push({ canary: floor, total: replicas });
  if (maxSurge > 0) {
    candidates.push({ canary: ceil, total: replicas + 1 });
    // Kept to mirror upstream's list, but never chosen while `floor !== 0 || zeroAllowed` holds: it is strictly farther
    // from the weight than {floor, replicas} or, when that one is tied out, than {ceil, replicas + 1} above.
    // Stryker disable next-line BooleanLiteral,ArithmeticOperator: equivalent, tied() only decides when it is listed.
    if (!tied(weight, replicas + 1) && (floor !== 0 || zeroAllowed))
      // Stryker disable next-line ObjectLiteral: equivalent, an option without counts is never "<" the best.
      candidates.push({ canary: floor, total: replicas + 1 });
  }
  // The first option wins ties, as in upstream's strict "<" comparison.
  let best = candidates[0] ?? { canary: 0, total: replicas };
  // Stryker disable next-line MethodExpression: equivalent, the first option compared with itself is not "<" itself.
  for (const option of candidates.slice(1)) {
    if (weightDelta(weight, option.canary, option.total) < weightDelta(weight, best.canary, best.total))
      best = option;
  }
  return { canary: best.canary, stable: best.total - best.canary };
}
