import { allOf, type Expectation } from "../wait/expectation";
import { type Attempt, answered, attempt, refusedWithPermissionDenied } from "./api-attempt";
import type { Application, ApplicationTree } from "./application-types";
import type { ArgoCdApi } from "./argocd-api";

/**
 * What a user does in the Argo CD UI, as the API calls the UI makes for it: open the app
 * (GET application, resource tree), open a pod's logs; press Sync, Delete, or save an
 * edited spec. Each is tried once and judged by name (api-attempt.ts).
 */

/** The line the course's app logs when it starts (fixtures/app/grade-submission-api/app.js). */
export const APP_START_LINE = "listening on";

export interface ViewAttempts {
  app: Attempt<Application>;
  tree: Attempt<ApplicationTree>;
  logs: Attempt<string>;
}

export interface ChangeAttempts {
  /** The app as Argo CD's RBAC names it: "default/m3-4-grade-api". */
  object: string;
  sync: Attempt<unknown>;
  delete: Attempt<unknown>;
  edit: Attempt<unknown>;
  /**
   * The same user's view of the app right after: Argo CD refuses anything about an app that does
   * not exist with "permission denied" too, so the refusals count only beside a view that works.
   */
  viewAfter: Attempt<Application>;
}

const rbacObject = (appName: string, app: Application | undefined) =>
  `${app?.spec?.project ?? "default"}/${appName}`;

/** Opens the app, its tree, and the logs of the first pod the tree shows (as the UI's pod "Logs" tab). */
export async function tryViewing(
  api: Pick<ArgoCdApi, "username" | "getApplication" | "resourceTree" | "podLogs">,
  appName: string,
  namespace: string,
): Promise<ViewAttempts> {
  const app = await attempt(api, `view of application ${appName}`, () => api.getApplication(appName));
  const tree = await attempt(api, `resource tree of ${appName}`, () => api.resourceTree(appName));
  const pod = tree.value?.nodes?.find((n) => n.kind === "Pod" && n.name);
  const logs = await attempt(api, `logs of pod ${pod?.name ?? "(none in the tree)"}`, () =>
    pod?.name
      ? api.podLogs(appName, { podName: pod.name, namespace: pod.namespace ?? namespace })
      : Promise.reject(new Error("the resource tree shows no pod to read logs from")),
  );
  return { app, tree, logs };
}

export function sawAppTreeAndLogs(v: ViewAttempts): Expectation {
  return allOf(
    `${v.app.by} to see the app, its resource tree and a pod's logs`,
    answered(v.app, (a) => (a.status?.sync?.status ? undefined : "it has no sync status")),
    answered(v.tree, (t) => ((t.nodes ?? []).some((n) => n.kind === "Pod") ? undefined : "it shows no pod")),
    answered(v.logs, (text) =>
      text.includes(APP_START_LINE) ? undefined : `the log has no "${APP_START_LINE}" line`,
    ),
  );
}

/** Sync (the Sync button), delete (Delete, cascading as the UI's default), edit (the summary's Edit → Save: PUT of the Application as it is). */
export async function tryChanging(
  api: Pick<
    ArgoCdApi,
    "username" | "syncApplication" | "deleteApplication" | "updateApplication" | "getApplication"
  >,
  appName: string,
  app: Application | undefined,
): Promise<ChangeAttempts> {
  return {
    object: rbacObject(appName, app),
    sync: await attempt(api, `sync of application ${appName}`, () => api.syncApplication(appName)),
    delete: await attempt(api, `delete of application ${appName}`, () =>
      api.deleteApplication(appName, { cascade: true }),
    ),
    edit: await attempt(api, `edit of application ${appName}`, () =>
      api.updateApplication(app ?? { metadata: { name: appName } }),
    ),
    viewAfter: await attempt(api, `view of application ${appName}, right after`, () =>
      api.getApplication(appName),
    ),
  };
}

/** What a negative control leaves when the user never tries: no answer, no refusal. */
export function notAttempted(by: string, appName: string): ChangeAttempts {
  const none = (what: string) => ({ by, what: `${what} (not attempted)` });
  return {
    object: rbacObject(appName, undefined),
    sync: none(`sync of application ${appName}`),
    delete: none(`delete of application ${appName}`),
    edit: none(`edit of application ${appName}`),
    viewAfter: none(`view of application ${appName}, right after`),
  };
}

/** Each refused with permission denied naming its permission and this app, while the app is still in view. */
export function everyChangeRefused(c: ChangeAttempts): Expectation {
  return allOf(
    `Argo CD to refuse ${c.sync.by}'s sync, delete and edit of ${c.object} with permission denied, while showing the app`,
    refusedWithPermissionDenied(c.sync, `applications, sync, ${c.object}`),
    refusedWithPermissionDenied(c.delete, `applications, delete, ${c.object}`),
    refusedWithPermissionDenied(c.edit, `applications, update, ${c.object}`),
    answered(c.viewAfter),
  );
}
