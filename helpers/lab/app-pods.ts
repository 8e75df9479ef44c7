import { containerStartedOnImage } from "../kube/container-started";
import { replicaSetWithImage } from "../kube/deployment-state";
import type { KubeClients } from "../kube/kube-clients";
import { crashLoopingOnImage } from "../kube/pods-on-image";
import { type PodsSnapshot, podsFromSameTemplate, podsNow } from "../kube/pods-same-template";
import { podsGone } from "../kube/presence";
import {
  type CrashLoopOptions,
  type PodsReadyOptions,
  podsReady,
  podsReplaced,
} from "../kube/workload-state";
import { allOf, type Expectation } from "../wait/expectation";

/** The app's pods in the lab's namespace (label app=grade-submission-api), whatever runs them. */
export class AppPods {
  constructor(
    private readonly kube: KubeClients,
    readonly namespace: string,
    readonly selector: string,
  ) {}

  ready(options: PodsReadyOptions = {}): Expectation {
    return podsReady(this.kube, this.namespace, this.selector, options);
  }

  /** Their UIDs, template and images now, to compare with the pods that replace them. */
  now(): Promise<PodsSnapshot> {
    return podsNow(this.kube, this.namespace, this.selector);
  }

  /** New pods (none of `oldUids`), Ready. */
  replaced(oldUids: Iterable<string>, options: Pick<PodsReadyOptions, "count"> = {}): Expectation {
    return podsReplaced(this.kube, this.namespace, this.selector, oldUids, options);
  }

  /** On the same pod template and images as `before`. */
  fromSameTemplate(before: PodsSnapshot): Expectation {
    return podsFromSameTemplate(this.kube, this.namespace, this.selector, before);
  }

  /** After a pod is deleted: new pods, Ready, from the same template and images as `before`. */
  replacedFromSameTemplate(before: PodsSnapshot, options: Pick<PodsReadyOptions, "count"> = {}): Expectation {
    return allOf(
      "new pods (new UIDs) from the same template, Ready",
      this.replaced(before.uids, options),
      this.fromSameTemplate(before),
    );
  }

  /** A pod on `image` in CrashLoopBackOff, judged on that image's pods only. */
  crashLoopingOn(image: string, options: CrashLoopOptions = {}): Expectation {
    return crashLoopingOnImage(this.kube, this.namespace, this.selector, image, options);
  }

  gone(): Expectation {
    return podsGone(this.kube, this.namespace, this.selector);
  }

  /**
   * A container of a pod of the ReplicaSet on `image` started ("Pod restarts"), seen running or
   * through the kubelet's Started event, which outlives a pod self-heal removed within a second.
   */
  startedOn(image: string): Expectation {
    return containerStartedOnImage(this.kube, this.namespace, this.selector, image);
  }

  /** A ReplicaSet of the app's pods on `image` exists, whether or not its pods ever got Ready. */
  replicaSetOn(image: string): Expectation {
    return replicaSetWithImage(this.kube, this.namespace, this.selector, image);
  }
}
