/**
 * The parts of Argo CD's JSON the harness reads (docs/upstream/argo-cd.md §1, §2).
 * The REST API and the Kubernetes CR share one shape, so these types serve both.
 * Every field is optional: the server omits empty ones, and a fresh Application has no status.
 */

export type SyncStatusCode = "Synced" | "OutOfSync" | "Unknown";
export type HealthStatusCode = "Healthy" | "Progressing" | "Degraded" | "Suspended" | "Missing" | "Unknown";
export type OperationPhase = "Running" | "Terminating" | "Failed" | "Error" | "Succeeded";

export interface ApplicationSource {
  repoURL?: string;
  path?: string;
  targetRevision?: string;
  chart?: string;
  helm?: { valueFiles?: string[]; [key: string]: unknown };
  [key: string]: unknown;
}

export interface SyncPolicy {
  automated?: { prune?: boolean; selfHeal?: boolean; allowEmpty?: boolean; enabled?: boolean };
  syncOptions?: string[];
  retry?: unknown;
  [key: string]: unknown;
}

export interface ApplicationSpec {
  project?: string;
  source?: ApplicationSource;
  sources?: ApplicationSource[];
  destination?: { server?: string; name?: string; namespace?: string };
  syncPolicy?: SyncPolicy;
  [key: string]: unknown;
}

export interface SyncOperation {
  revision?: string;
  prune?: boolean;
  dryRun?: boolean;
  resources?: { group?: string; kind?: string; name?: string; namespace?: string }[];
  autoHealAttemptsCount?: number;
  [key: string]: unknown;
}

export interface Operation {
  sync?: SyncOperation;
  initiatedBy?: { username?: string; automated?: boolean };
  retry?: unknown;
  [key: string]: unknown;
}

export interface SyncResultResource {
  group?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  status?: string;
  message?: string;
  [key: string]: unknown;
}

export interface OperationState {
  operation?: Operation;
  phase?: OperationPhase;
  message?: string;
  syncResult?: { revision?: string; resources?: SyncResultResource[]; [key: string]: unknown };
  startedAt?: string;
  finishedAt?: string;
  retryCount?: number;
}

export interface RevisionHistory {
  id?: number;
  revision?: string;
  deployedAt?: string;
  deployStartedAt?: string;
  initiatedBy?: { username?: string; automated?: boolean };
  [key: string]: unknown;
}

export interface ApplicationCondition {
  type?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface ApplicationStatus {
  sync?: { status?: SyncStatusCode; revision?: string; comparedTo?: unknown; revisions?: string[] };
  health?: { status?: HealthStatusCode; lastTransitionTime?: string };
  operationState?: OperationState | null;
  history?: RevisionHistory[];
  conditions?: ApplicationCondition[];
  reconciledAt?: string;
  resources?: {
    group?: string;
    version?: string;
    kind?: string;
    namespace?: string;
    name?: string;
    status?: SyncStatusCode;
    health?: { status?: HealthStatusCode; message?: string };
    requiresPruning?: boolean;
  }[];
  sourceType?: string;
  [key: string]: unknown;
}

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  resourceVersion?: string;
  deletionTimestamp?: string;
  [key: string]: unknown;
}

export interface Application {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: ApplicationSpec;
  /** Set while an operation is requested or running; cleared by the controller when it ends. */
  operation?: Operation | null;
  status?: ApplicationStatus;
}

/** GET /api/v1/applications/{name}/resource-tree (types.go#L2025-L2037, #L2183-L2212). */
export interface ResourceNode {
  group?: string;
  version?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  parentRefs?: { group?: string; kind?: string; namespace?: string; name?: string; uid?: string }[];
  info?: { name?: string; value?: string }[];
  images?: string[];
  health?: { status?: HealthStatusCode; message?: string };
  resourceVersion?: string;
  createdAt?: string;
  [key: string]: unknown;
}

export interface ApplicationTree {
  nodes?: ResourceNode[];
  orphanedNodes?: ResourceNode[];
  hosts?: unknown[];
  shardsCount?: number;
}

/** GET /api/v1/applications/{name}/managed-resources items (types.go ResourceDiff); the states are JSON strings. */
export interface ResourceDiff {
  group?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  targetState?: string;
  liveState?: string;
  normalizedLiveState?: string;
  predictedLiveState?: string;
  hook?: boolean;
  modified?: boolean;
  [key: string]: unknown;
}

/** Repository.connectionState (types.go#L2306-L2321). */
export interface ConnectionState {
  status?: "Successful" | "Failed" | "Unknown";
  message?: string;
  attemptedAt?: string;
}

/** GET /api/version (server/version/version.proto): field names are capitalised there. */
export interface VersionMessage {
  Version?: string;
  BuildDate?: string;
  GitCommit?: string;
  GitTag?: string;
  GoVersion?: string;
  Platform?: string;
  HelmVersion?: string;
  KustomizeVersion?: string;
  KubectlVersion?: string;
  [key: string]: unknown;
}

/** GET /api/v1/session/userinfo (server/session/session.proto). */
export interface UserInfo {
  loggedIn?: boolean;
  username?: string;
  iss?: string;
  groups?: string[];
}
