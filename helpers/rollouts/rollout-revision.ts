import type { KubeClients } from "../kube/kube-clients";
import { type Expectation, expectation, fail, pass, pending, type Verdict } from "../wait/expectation";
import { findRollout } from "./rollout-api";
import { describeRollout, parseRolloutStatus, type RolloutObject } from "./rollout-status";

/**
 * Which revision a Rollout is at, and whether it changed. The controller numbers each
 * pod-template version in the annotation `rollout.argoproj.io/revision`
 * (utils/annotations/annotations.go SetRolloutRevision at v1.9.1), starting at "1".
 */

export const REVISION_ANNOTATION = "rollout.argoproj.io/revision";

export function rolloutRevision(ro: RolloutObject): string | undefined {
  return ro.metadata.annotations?.[REVISION_ANNOTATION];
}

/**
 * At `revision` with every canary step done and nothing paused: for the first revision the
 * controller promotes at once ("Initial deploy", rollout/sync.go shouldFullPromote), so
 * currentStepIndex is the step count without any step having run.
 */
export function atRevisionVerdict(ro: RolloutObject, revision: string): Verdict {
  const s = parseRolloutStatus(ro);
  const state = `revision ${rolloutRevision(ro) ?? "unset"}, ${describeRollout(ro)}`;
  const current = rolloutRevision(ro);
  if (current !== undefined && Number(current) > Number(revision))
    return fail(`the Rollout moved past revision ${revision}: ${state}`);
  if (current !== revision || !s.generationObserved) return pending(state);
  if (s.paused)
    return fail(`revision ${revision} stopped at a pause step instead of being promoted at once: ${state}`);
  if ((s.currentStepIndex ?? 0) !== s.steps.length) return pending(`steps not all done; ${state}`);
  return pass(state);
}

export function rolloutAtRevision(
  k: KubeClients,
  namespace: string,
  name: string,
  revision: string,
): Expectation {
  return expectation(`Rollout ${namespace}/${name} at revision ${revision} with all steps done`, async () => {
    const ro = await findRollout(k, namespace, name);
    return ro ? atRevisionVerdict(ro, revision) : pending(`Rollout ${namespace}/${name} not found`);
  });
}

/** What a change of the Rollout's spec or revision would alter. */
export interface RolloutSnapshot {
  generation: number | undefined;
  revision: string | undefined;
  stableRS: string | undefined;
}

export function rolloutSnapshot(ro: RolloutObject): RolloutSnapshot {
  return { generation: ro.metadata.generation, revision: rolloutRevision(ro), stableRS: ro.status?.stableRS };
}

/** The same generation, revision and stable ReplicaSet as `before`: nothing was applied to it, nothing rolled. */
export function untouchedVerdict(ro: RolloutObject | undefined, before: RolloutSnapshot): Verdict {
  if (!ro) return fail("the Rollout is gone");
  const now = rolloutSnapshot(ro);
  const text = `generation ${now.generation}, revision ${now.revision}, stable ${now.stableRS} (before: generation ${before.generation}, revision ${before.revision}, stable ${before.stableRS})`;
  const same =
    now.generation === before.generation &&
    now.revision === before.revision &&
    now.stableRS === before.stableRS;
  return same ? pass(text) : fail(`the Rollout changed: ${text}`);
}

export function rolloutUntouched(
  k: KubeClients,
  namespace: string,
  name: string,
  before: RolloutSnapshot,
): Expectation {
  return expectation(
    `Rollout ${namespace}/${name} unchanged (generation ${before.generation}, revision ${before.revision})`,
    async () => untouchedVerdict(await findRollout(k, namespace, name), before),
  );
}
