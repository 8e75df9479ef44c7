import { isMap, isSeq } from "yaml";
import {
  ChangeLog,
  joinManifests,
  plain,
  requireDocument,
  splitManifests,
  stringAt,
} from "./manifest-stream";
import type { PatchedManifest } from "./patch-argocd";
import { preferPreloadedImages } from "./pull-policy";

/** The namespace the course creates (`kubectl create namespace argo-rollouts`); the ClusterRoleBinding names it too. */
export const ROLLOUTS_NAMESPACE = "argo-rollouts";
export const ROLLOUTS_IMAGE_REPOSITORY = "quay.io/argoproj/argo-rollouts";

// A Docker tag: what the version becomes in the image reference.
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** The controller image for a Rollouts version: the repository's install.yaml says `:latest`. */
export function rolloutsImage(version: string): string {
  if (!TAG.test(version)) throw new Error(`Rollouts version "${version}" cannot be an image tag.`);
  return `${ROLLOUTS_IMAGE_REPOSITORY}:${version}`;
}

const NAMESPACE_DOCUMENT = `apiVersion: v1
kind: Namespace
metadata:
  name: ${ROLLOUTS_NAMESPACE}
`;

/**
 * Patches Argo Rollouts' install.yaml (the repository copy at the tag) for the
 * harness: the controller image pinned to `version` instead of `:latest`,
 * `IfNotPresent` so a preloaded image is used, and the Namespace the manifest
 * lacks as the first document. Everything else stays as written; the
 * namespaced objects still carry no namespace (apply them into ROLLOUTS_NAMESPACE).
 */
export function patchRolloutsInstall(installYaml: string, version: string): PatchedManifest {
  const image = rolloutsImage(version);
  const documents = splitManifests(installYaml);
  const log = new ChangeLog();

  const deployment = requireDocument(documents, "Deployment", "argo-rollouts");
  const containersPath = ["spec", "template", "spec", "containers"];
  // Stryker disable next-line BooleanLiteral: equivalent, keepScalar matters for scalars only, this is a sequence.
  const containers = deployment.getIn(containersPath, true);
  const controllers = isSeq(containers)
    ? containers.items.flatMap((container, index) => {
        const current = isMap(container) ? stringAt(container, ["image"]) : undefined;
        return current?.split(/[:@]/)[0] === ROLLOUTS_IMAGE_REPOSITORY ? [index] : [];
      })
    : [];
  if (controllers.length === 0) {
    throw new Error(
      `Deployment argo-rollouts in the install manifest has no ${ROLLOUTS_IMAGE_REPOSITORY} container. The upstream layout changed: update helpers/install/patch-rollouts.ts.`,
    );
  }
  for (const index of controllers) log.set(deployment, [...containersPath, index, "image"], plain(image));

  for (const { document } of documents) preferPreloadedImages(document, log);

  const hasNamespace = documents.some(
    ({ document }) =>
      document.get("kind") === "Namespace" && document.getIn(["metadata", "name"]) === ROLLOUTS_NAMESPACE,
  );
  const prepend = hasNamespace ? [] : [NAMESPACE_DOCUMENT];
  const changes = hasNamespace
    ? log.changes
    : [
        {
          object: `Namespace ${ROLLOUTS_NAMESPACE}`,
          path: [],
          from: undefined,
          to: "added as the first document",
        },
        ...log.changes,
      ];
  return { yaml: joinManifests(documents, log.changed, prepend), changes };
}
