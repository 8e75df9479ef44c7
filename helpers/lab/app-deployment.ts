import { deploymentOnImage, deploymentReplicasAre } from "../kube/deployment-state";
import {
  type DeploymentSnapshot,
  deploymentUnchanged,
  readDeploymentSnapshot,
} from "../kube/deployment-unchanged";
import type { KubeClients } from "../kube/kube-clients";
import type { Expectation } from "../wait/expectation";
import { LabObject } from "./lab-object";

/** The app's Deployment (Project 1), and what the labs ask of it. */
export class AppDeployment extends LabObject {
  constructor(kube: KubeClients, namespace: string, name: string) {
    super(kube, namespace, "Deployment", name);
  }

  replicasAre(replicas: number): Expectation {
    return deploymentReplicasAre(this.kube, this.namespace, this.name, replicas);
  }

  /** Its pod template on `image`, rolled out. */
  onImage(image: string): Expectation {
    return deploymentOnImage(this.kube, this.namespace, this.name, image);
  }

  /** Its replicas and generation now, for `unchanged` later. */
  snapshot(): Promise<DeploymentSnapshot> {
    return readDeploymentSnapshot(this.kube, this.namespace, this.name);
  }

  unchanged(before: DeploymentSnapshot): Expectation {
    return deploymentUnchanged(this.kube, this.namespace, this.name, before);
  }
}
