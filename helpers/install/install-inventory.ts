import { CONTAINER_LISTS, podSpecPath } from "./pod-specs";

/**
 * What an install manifest brings, read from its parsed objects
 * (parseManifestObjects, or any list of plain Kubernetes objects): the CRDs
 * setup waits to be Established, the workloads it waits to be Available, and
 * the images the doctor lists for preloading.
 */
export interface WorkloadRef {
  kind: "Deployment" | "StatefulSet";
  namespace: string;
  name: string;
}

export interface InstallInventory {
  crds: string[];
  workloads: WorkloadRef[];
  images: string[];
}

type Obj = Record<string, unknown>;

const asObject = (value: unknown): Obj | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Obj) : undefined;

function at(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) current = asObject(current)?.[key];
  return current;
}

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

const kindOf = (object: unknown) => text(at(object, ["kind"])) ?? "";
const nameOf = (object: unknown) => text(at(object, ["metadata", "name"])) ?? "";

/** CRD names (`applications.argoproj.io`), in manifest order. */
export function crdNames(objects: readonly unknown[]): string[] {
  return objects.filter((o) => kindOf(o) === "CustomResourceDefinition").map(nameOf);
}

/** A workload scaled to zero (Dex, by patch-argocd) starts no pod: nothing to wait for, no image to preload. */
const scaledToZero = (object: unknown) => at(object, ["spec", "replicas"]) === 0;

/**
 * Deployments and StatefulSets that run at least one pod. Install manifests usually leave the namespace
 * out (they are applied with `-n`), so `defaultNamespace` fills it in.
 */
export function workloads(objects: readonly unknown[], defaultNamespace: string): WorkloadRef[] {
  return objects.flatMap((object) => {
    const kind = kindOf(object);
    if ((kind !== "Deployment" && kind !== "StatefulSet") || scaledToZero(object)) return [];
    const namespace = text(at(object, ["metadata", "namespace"])) ?? defaultNamespace;
    return [{ kind, namespace, name: nameOf(object) }];
  });
}

/** Every image the workloads' containers and init containers reference, sorted, without duplicates. */
export function images(objects: readonly unknown[]): string[] {
  const found = new Set<string>();
  for (const object of objects) {
    const specPath = podSpecPath(kindOf(object));
    if (!specPath || scaledToZero(object)) continue;
    for (const list of CONTAINER_LISTS) {
      const containers = at(object, [...specPath, list]);
      if (!Array.isArray(containers)) continue;
      for (const container of containers) {
        const image = text(at(container, ["image"]));
        if (image) found.add(image);
      }
    }
  }
  return [...found].sort();
}

export function installInventory(objects: readonly unknown[], defaultNamespace: string): InstallInventory {
  return {
    crds: crdNames(objects),
    workloads: workloads(objects, defaultNamespace),
    images: images(objects),
  };
}
