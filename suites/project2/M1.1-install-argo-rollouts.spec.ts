import { objectReader, podLister } from "../../helpers/cluster/install-components";
import { ROLLOUTS_NAMESPACE, rolloutsImage } from "../../helpers/install/patch-rollouts";
import { crdEstablished, deploymentAvailable } from "../../helpers/install/readiness";
import { podsReady } from "../../helpers/kube/workload-state";
import { labSpec } from "../../helpers/lab/lab-spec";
import { resolvePins } from "../../helpers/project/versions";
import { allOf } from "../../helpers/wait/expectation";

labSpec(
  "M1.1",
  "the pinned Argo Rollouts install in namespace argo-rollouts has its controller Ready on the pinned image and the Rollout CRD established",
  async (lab) => {
    const read = objectReader(lab.kube);
    const image = rolloutsImage(resolvePins().rolloutsVersion);

    await lab.kubectl("kubectl get pods -n argo-rollouts");
    await lab.kubectl("kubectl get crd rollouts.argoproj.io");

    await lab.waitUntil(
      allOf(
        "Argo Rollouts installed and running",
        crdEstablished(read, "rollouts.argoproj.io"),
        deploymentAvailable(read, ROLLOUTS_NAMESPACE, "argo-rollouts", podLister(lab.kube)),
        podsReady(lab.kube, ROLLOUTS_NAMESPACE, "app.kubernetes.io/name=argo-rollouts", { count: 1, image }),
      ),
      "install",
    );
  },
  {
    relies: ["rollouts.install"],
    controls: [],
    noControl:
      "The install is the run's global setup, shared by every lab: there is no lab action to skip and no mechanism of the lab's own to switch off. If the install were broken, the setup, and so every lab, would fail first.",
    differsFromCourse:
      "The course applies the moving `stable` manifest (https://raw.githubusercontent.com/argoproj/argo-rollouts/stable/manifests/install.yaml). The suite's setup creates the namespace argo-rollouts and applies the manifest of the pinned release (v1.9.1, sha256-checked) once for every lab, with the controller image pinned to that tag instead of :latest and pulled IfNotPresent (the images are preloaded). This spec checks that install the way the course verifies it (kubectl get pods -n argo-rollouts), plus the CRD, without installing a second time.",
  },
);
