import {
  rolloutCrdEstablished,
  rolloutsControllerAvailable,
  rolloutsControllerOnPinnedImage,
} from "../../helpers/lab/argo-rollouts-install";
import { allOf, labSpec } from "../../helpers/lab/lab-spec";

labSpec(
  "M1.1",
  "the pinned Argo Rollouts install in namespace argo-rollouts has its controller Ready on the pinned image and the Rollout CRD established",
  async (lab) => {
    await lab.kubectl("kubectl get pods -n argo-rollouts");
    await lab.kubectl("kubectl get crd rollouts.argoproj.io");

    await lab.waitUntil(
      allOf(
        "Argo Rollouts installed and running",
        rolloutCrdEstablished(lab),
        rolloutsControllerAvailable(lab),
        rolloutsControllerOnPinnedImage(lab),
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
