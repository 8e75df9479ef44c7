import { registerSecret } from "../report/redaction";
import type {
  Application,
  ApplicationSpec,
  ApplicationTree,
  ConnectionState,
  ObjectMeta,
  ResourceDiff,
  UserInfo,
  VersionMessage,
} from "./application-types";
import { ArgoCdApiError } from "./argocd-api-error";
import { type ApiCall, ArgoCdSession, type ArgoCdSessionOptions } from "./argocd-session";
import { collectPodLogs, ndjsonLines } from "./pod-log-stream";

export type RefreshType = "normal" | "hard";

export interface SyncOptions {
  /** Leave unset with auto-sync on: a revision other than targetRevision is refused with 400. */
  revision?: string;
  prune?: boolean;
  dryRun?: boolean;
}

export interface PodLogsQuery {
  podName: string;
  namespace: string;
  container?: string;
  tailLines?: number;
}

export interface PasswordChange {
  /** The account whose password changes. */
  name: string;
  newPassword: string;
  /** The caller's own current password (for another account: the admin's), not the target's. */
  currentPassword: string;
}

/** A rendered manifest, as the manifests endpoint returns it (one JSON object per string). */
export interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [key: string]: unknown;
}

/**
 * The endpoints of argocd-server's REST API the labs use (docs/upstream/argo-cd.md §1):
 * applications, sync, resource tree, manifests, pod logs, can-i, accounts, repositories.
 * Each is one call of an ArgoCdSession, which logs in, retries and reports.
 */
export class ArgoCdApi {
  readonly baseUrl: string;
  readonly username: string;
  private readonly session: ArgoCdSession;

  constructor(options: ArgoCdSessionOptions) {
    this.session = new ArgoCdSession(options);
    this.baseUrl = this.session.baseUrl;
    this.username = this.session.username;
  }

  getApplication(name: string, options: { refresh?: RefreshType } = {}): Promise<Application> {
    const refresh = options.refresh;
    return this.session.json({
      what: `get application ${name}${refresh ? ` (refresh=${refresh})` : ""}`,
      method: "GET",
      path: `/api/v1/applications/${encodeURIComponent(name)}`,
      query: { refresh },
      // The server answers a refresh only once the controller has reconciled, and never gives up by itself.
      ...(refresh ? { timeoutMs: this.session.refreshTimeoutMs } : {}),
      idempotent: true,
    });
  }

  async listApplications(): Promise<Application[]> {
    const list = await this.session.json<{ items?: Application[] | null }>({
      what: "list applications",
      method: "GET",
      path: "/api/v1/applications",
      idempotent: true,
    });
    return list.items ?? [];
  }

  /** Returns the Application with `operation` set and `status.operationState` cleared; the result comes later. */
  syncApplication(name: string, options: SyncOptions = {}): Promise<Application> {
    const body = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    const details = Object.entries(body)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(", ");
    return this.session.json({
      what: `sync application ${name}${details ? ` (${details})` : ""}`,
      method: "POST",
      path: `/api/v1/applications/${encodeURIComponent(name)}/sync`,
      body,
      idempotent: false,
    });
  }

  /** Returns at once; with cascade the Application disappears only after the controller cleaned up. */
  async deleteApplication(name: string, options: { cascade: boolean }): Promise<void> {
    await this.session.json({
      what: `delete application ${name} (cascade=${options.cascade})`,
      method: "DELETE",
      path: `/api/v1/applications/${encodeURIComponent(name)}`,
      query: { cascade: options.cascade },
      idempotent: true,
    });
  }

  updateApplicationSpec(name: string, spec: ApplicationSpec): Promise<ApplicationSpec> {
    return this.session.json({
      what: `update the spec of application ${name}`,
      method: "PUT",
      path: `/api/v1/applications/${encodeURIComponent(name)}/spec`,
      body: spec,
      idempotent: true,
    });
  }

  /** PUT /api/v1/applications/{name}: what the UI's Edit → Save on the app's summary sends, the whole Application. */
  updateApplication(app: Application): Promise<Application> {
    const name = app.metadata?.name ?? "";
    return this.session.json({
      what: `update application ${name}`,
      method: "PUT",
      path: `/api/v1/applications/${encodeURIComponent(name)}`,
      body: app,
      idempotent: true,
    });
  }

  resourceTree(name: string): Promise<ApplicationTree> {
    return this.session.json({
      what: `read the resource tree of application ${name}`,
      method: "GET",
      path: `/api/v1/applications/${encodeURIComponent(name)}/resource-tree`,
      idempotent: true,
    });
  }

  /** Live and target state of each managed resource, as JSON strings (what the UI's diff shows). */
  async managedResources(name: string): Promise<ResourceDiff[]> {
    const response = await this.session.json<{ items?: ResourceDiff[] | null }>({
      what: `read the managed resources of application ${name}`,
      method: "GET",
      path: `/api/v1/applications/${encodeURIComponent(name)}/managed-resources`,
      idempotent: true,
    });
    return response.items ?? [];
  }

  /** The manifests Argo CD renders; the server sends each as a JSON string, parsed here. */
  async manifests(name: string, options: { revision?: string } = {}): Promise<KubernetesObject[]> {
    const response = await this.session.json<{ manifests?: string[] | null }>({
      what: `render the manifests of application ${name}${options.revision ? ` at ${options.revision}` : ""}`,
      method: "GET",
      path: `/api/v1/applications/${encodeURIComponent(name)}/manifests`,
      query: { revision: options.revision },
      idempotent: true,
    });
    return (response.manifests ?? []).map((m) => JSON.parse(m) as KubernetesObject);
  }

  /**
   * One pod's log as the UI shows it, lines joined with "\n". When Kubernetes refuses the log
   * (pod not ready), its error text arrives as a line. Empty when no pod of the app matched.
   */
  podLogs(name: string, query: PodLogsQuery): Promise<string> {
    const call: ApiCall = {
      what: `read the logs of pod ${query.namespace}/${query.podName}${query.container ? ` (container ${query.container})` : ""} of application ${name}`,
      method: "GET",
      path: `/api/v1/applications/${encodeURIComponent(name)}/logs`,
      query: {
        namespace: query.namespace,
        podName: query.podName,
        container: query.container,
        tailLines: query.tailLines,
        follow: false,
      },
      idempotent: true,
    };
    return this.session.exchange(call, async (response, request) => {
      if (!response.body) return { value: "", summary: "(empty body: no pod matched)" };
      const read = await collectPodLogs(ndjsonLines(response.body));
      if (read.error) {
        throw new ArgoCdApiError(
          request,
          read.error.httpCode ?? response.status,
          read.error.message,
          read.error.grpcCode,
        );
      }
      const text = read.lines.join("\n");
      const ending = read.sawLast ? "ended with last:true" : "ended without last:true (no pod matched)";
      return { value: text, summary: `${read.lines.length} log lines, stream ${ending}\n\n${text}` };
    });
  }

  /**
   * Whether this account may do `action` on `resource` for `object` (e.g. "default/t07-grade-api").
   * Throws on 400: the server does not know the resource or action, which is not a "no".
   */
  async canI(resource: string, action: string, object: string): Promise<boolean> {
    if (object === "") throw new Error("canI needs an object, e.g. default/my-app or *");
    // The object may hold "/" (`{subresource=**}`): encode each segment, keep the separators.
    const encodedObject = object.split("/").map(encodeURIComponent).join("/");
    const answer = await this.session.json<{ value?: string }>({
      what: `ask can-i ${action} ${resource} ${object}`,
      method: "GET",
      path: `/api/v1/account/can-i/${encodeURIComponent(resource)}/${encodeURIComponent(action)}/${encodedObject}`,
      idempotent: true,
    });
    if (answer.value === "yes") return true;
    if (answer.value === "no") return false;
    throw new Error(
      `can-i ${action} ${resource} ${object} answered neither yes nor no: ${JSON.stringify(answer)}`,
    );
  }

  /** After a change of this client's own password it logs in again with the new one. */
  async updatePassword(change: PasswordChange): Promise<void> {
    registerSecret(change.newPassword);
    registerSecret(change.currentPassword);
    await this.session.json({
      what: `change the password of account ${change.name}`,
      method: "PUT",
      path: "/api/v1/account/password",
      body: { newPassword: change.newPassword, currentPassword: change.currentPassword, name: change.name },
      idempotent: true,
    });
    if (change.name === this.username) this.session.passwordChanged(change.newPassword);
  }

  /** The repository's connection state; forceRefresh tests it again instead of the 1 h cached answer. */
  async getRepository(url: string, options: { forceRefresh: boolean }): Promise<ConnectionState> {
    const repository = await this.session.json<{ connectionState?: ConnectionState }>({
      what: `check repository ${url}${options.forceRefresh ? " (forceRefresh)" : ""}`,
      method: "GET",
      path: `/api/v1/repositories/${encodeURIComponent(url)}`,
      query: { forceRefresh: options.forceRefresh || undefined },
      idempotent: true,
    });
    return repository.connectionState ?? {};
  }

  version(): Promise<VersionMessage> {
    return this.session.json({
      what: "read the server version",
      method: "GET",
      path: "/api/version",
      idempotent: true,
    });
  }

  userInfo(): Promise<UserInfo> {
    return this.session.json({
      what: "read the session's user info",
      method: "GET",
      path: "/api/v1/session/userinfo",
      idempotent: true,
    });
  }
}
