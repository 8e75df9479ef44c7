import { objectReader, podLister } from "../cluster/install-components";
import { ROLLOUTS_NAMESPACE, rolloutsImage } from "../install/patch-rollouts";
import { crdEstablished, deploymentAvailable } from "../install/readiness";
import { podsReady } from "../kube/workload-state";
import { resolvePins } from "../project/versions";
import type { Expectation } from "../wait/expectation";
import type { LabContext } from "./lab-context";

/**
 * The run's Argo Rollouts install (made once by the setup, in namespace argo-rollouts) as
 * Lab 1.1 checks it.
 */

export function rolloutCrdEstablished(lab: LabContext): Expectation {
  return crdEstablished(objectReader(lab.kube), "rollouts.argoproj.io");
}

/** The controller's Deployment Available; a pod that cannot pull its image ends the wait at once. */
export function rolloutsControllerAvailable(lab: LabContext): Expectation {
  return deploymentAvailable(
    objectReader(lab.kube),
    ROLLOUTS_NAMESPACE,
    "argo-rollouts",
    podLister(lab.kube),
  );
}

/** The controller's one pod Ready on the pinned release's image (the install says `:latest`). */
export function rolloutsControllerOnPinnedImage(lab: LabContext): Expectation {
  const image = rolloutsImage(resolvePins().rolloutsVersion);
  return podsReady(lab.kube, ROLLOUTS_NAMESPACE, "app.kubernetes.io/name=argo-rollouts", { count: 1, image });
}
