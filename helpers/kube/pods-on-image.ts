import type { V1Pod } from "@kubernetes/client-node";
import { type Expectation, expectation, pending, type Verdict } from "../wait/expectation";
import type { KubeClients } from "./kube-clients";
import { type LabelSelector, listPods, selectorString } from "./pod-listing";
import { podRunsImage, summarizePods } from "./pod-summary";
import { type CrashLoopOptions, crashLoopVerdict } from "./workload-state";

/**
 * A broken release crash-loops beside the old pod: with one replica the
 * Deployment's rolling update (maxUnavailable rounds down to 0) keeps the old
 * pod running until the new one is Ready, which it never is. So the claim
 * "the pod crash-loops" is judged on the pods of the new image only.
 */
export function crashLoopOnImageVerdict(
  pods: readonly V1Pod[],
  image: string,
  options: CrashLoopOptions = {},
): Verdict {
  const onImage = pods.filter((p) => podRunsImage(p, image));
  if (onImage.length === 0) return pending(`no pod on ${image} yet; ${summarizePods(pods)}`);
  return crashLoopVerdict(onImage, options);
}

export function crashLoopingOnImage(
  k: KubeClients,
  namespace: string,
  selector: LabelSelector,
  image: string,
  options: CrashLoopOptions = {},
): Expectation {
  return expectation(
    `a pod ${selectorString(selector)} on ${image} in CrashLoopBackOff (at least ${options.minRestarts ?? 1} restarts)`,
    async () => crashLoopOnImageVerdict(await listPods(k, namespace, selector), image, options),
  );
}
