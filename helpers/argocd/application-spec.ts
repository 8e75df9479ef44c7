import type { SyncPolicy } from "./application-types";

/** Where Argo CD's own objects live in the suite's install (install.yaml is applied with -n argocd). */
export const ARGOCD_NAMESPACE = "argocd";
/** Deleting the Application also deletes what it deployed (a cascading delete). */
export const RESOURCES_FINALIZER = "resources-finalizer.argocd.argoproj.io";
/** Label on every Application the suite creates, so a lab's objects can be found and cleaned up. */
export const LAB_ID_LABEL_KEY = "gitops-conformance/lab-id";
export const IN_CLUSTER_SERVER = "https://kubernetes.default.svc";
export const CREATE_NAMESPACE_OPTION = "CreateNamespace=true";

/**
 * How the app syncs: the course's Project 1 runs auto-sync with self-heal and prune; `manual` is
 * T07's `syncPolicy: {}`. A manual app gets no syncOptions either, so its namespace must already exist.
 */
export type SyncMode = "auto-self-heal-prune" | "auto" | "manual";

export interface ApplicationInput {
  name: string;
  labId: string;
  repoURL: string;
  path: string;
  targetRevision: string;
  destinationNamespace: string;
  sync: SyncMode;
  helm?: { valueFiles: string[] };
  /** Default "default", the project argocd-server creates at start. */
  project?: string;
}

export interface ApplicationManifest {
  apiVersion: "argoproj.io/v1alpha1";
  kind: "Application";
  metadata: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    finalizers: string[];
  };
  spec: {
    project: string;
    source: {
      repoURL: string;
      path: string;
      targetRevision: string;
      helm?: { valueFiles: string[] };
    };
    destination: { server: string; namespace: string };
    syncPolicy: SyncPolicy;
  };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

export function syncPolicyFor(mode: SyncMode): SyncPolicy {
  switch (mode) {
    case "auto-self-heal-prune":
      return { automated: { prune: true, selfHeal: true }, syncOptions: [CREATE_NAMESPACE_OPTION] };
    case "auto":
      return { automated: { prune: false, selfHeal: false }, syncOptions: [CREATE_NAMESPACE_OPTION] };
    case "manual":
      // Exactly what the course tells the student to write (T07).
      return {};
  }
}

export function applicationManifest(input: ApplicationInput): ApplicationManifest {
  // Kubernetes would refuse these anyway, but later and with a less helpful message.
  if (!DNS_LABEL.test(input.name) || input.name.length > 63) {
    throw new Error(
      `Application name "${input.name}" must be lowercase letters, digits and "-", at most 63 characters`,
    );
  }
  if (!LABEL_VALUE.test(input.labId) || input.labId.length > 63) {
    throw new Error(`lab ID "${input.labId}" is not a valid Kubernetes label value`);
  }
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: {
      name: input.name,
      namespace: ARGOCD_NAMESPACE,
      labels: { [LAB_ID_LABEL_KEY]: input.labId },
      finalizers: [RESOURCES_FINALIZER],
    },
    spec: {
      project: input.project ?? "default",
      source: {
        repoURL: input.repoURL,
        path: input.path,
        targetRevision: input.targetRevision,
        ...(input.helm ? { helm: { valueFiles: [...input.helm.valueFiles] } } : {}),
      },
      destination: { server: IN_CLUSTER_SERVER, namespace: input.destinationNamespace },
      syncPolicy: syncPolicyFor(input.sync),
    },
  };
}
