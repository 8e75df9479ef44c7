import { objectReader, podLister } from "../cluster/install-components";
import { ROLLOUTS_NAMESPACE, rolloutsImage } from "../install/patch-rollouts";
import { crdEstablished, deploymentAvailable } from "../install/readiness";
import { podsReady } from "../kube/workload-state";
import { resolvePins } from "../project/versions";
import { allOf, type Expectation } from "../wait/expectation";
import type { LabContext } from "./lab-context";

/**
 * Lab 1.1's outcome, on the install the run's setup made: the Rollout CRD Established and
 * the controller Available, its pod Ready on the pinned image.
 */
export function argoRolloutsInstalled(lab: LabContext): Expectation {
  const read = objectReader(lab.kube);
  const image = rolloutsImage(resolvePins().rolloutsVersion);
  return allOf(
    "Argo Rollouts installed and running",
    crdEstablished(read, "rollouts.argoproj.io"),
    deploymentAvailable(read, ROLLOUTS_NAMESPACE, "argo-rollouts", podLister(lab.kube)),
    podsReady(lab.kube, ROLLOUTS_NAMESPACE, "app.kubernetes.io/name=argo-rollouts", { count: 1, image }),
  );
}
