import { type Document, isMap, isSeq } from "yaml";
import { type ChangeLog, identify, plain, stringAt } from "./manifest-stream";
import { CONTAINER_LISTS, defaultPullPolicy, podSpecPath } from "./pod-specs";

/**
 * Makes every container of a workload use an image already in containerd:
 * `Always` (written, or implied by an untagged/`:latest` image) becomes
 * `IfNotPresent`. With `Always`, the kubelet contacts the registry even for an
 * image preloaded into k3s, so an offline or rate-limited node never starts it.
 */
export function preferPreloadedImages(document: Document, log: ChangeLog): void {
  const specPath = podSpecPath(identify(document).kind);
  if (!specPath) return;
  for (const list of CONTAINER_LISTS) {
    const containers = document.getIn([...specPath, list], true);
    if (!isSeq(containers)) continue;
    containers.items.forEach((container, index) => {
      if (!isMap(container)) return;
      const image = stringAt(container, ["image"]) ?? "";
      const policy = stringAt(container, ["imagePullPolicy"]) ?? defaultPullPolicy(image);
      if (policy !== "Always") return;
      log.set(document, [...specPath, list, index, "imagePullPolicy"], plain("IfNotPresent"));
    });
  }
}
