import { type Expectation, expectation, fail, pass, pending, type Verdict } from "../wait/expectation";
import type { AppRef } from "./app-ref";
import type { Application, HealthStatusCode, OperationState } from "./application-types";
import type { ArgoCdApi } from "./argocd-api";
import { ArgoCdApiError } from "./argocd-api-error";
import { refreshPending } from "./refresh-annotation";

/**
 * What to wait for on an Application, as tri-state verdicts (docs/upstream/argo-cd.md §2, §3).
 * The verdicts are pure functions of the Application object; the factories below poll them.
 */

const SHORT_SHA = 7;
const MESSAGE_LIMIT = 200;

export function shortSha(revision: string | undefined): string {
  if (!revision) return "none";
  return /^[0-9a-f]{40}$/i.test(revision) ? revision.slice(0, SHORT_SHA) : revision;
}

/** Same commit: equal, or one is an abbreviation (at least 7 characters) of the other. */
export function sameRevision(actual: string | undefined, expected: string): boolean {
  if (!actual || !expected) return false;
  if (actual === expected) return true;
  const [short, long] = actual.length < expected.length ? [actual, expected] : [expected, actual];
  return short.length >= SHORT_SHA && long.toLowerCase().startsWith(short.toLowerCase());
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > MESSAGE_LIMIT ? `${oneLine.slice(0, MESSAGE_LIMIT)}…` : oneLine;
}

/** The revision an operation is about: the resolved one once known, else the requested one. */
export function operationRevision(state: OperationState | null | undefined): string | undefined {
  return state?.syncResult?.revision || state?.operation?.sync?.revision || undefined;
}

function describeOperation(app: Application): string {
  const state = app.status?.operationState;
  if (!state) return app.operation ? "operation=Requested (not started)" : "operation=none";
  const message = state.message ? ` "${clip(state.message)}"` : "";
  return `operation=${state.phase ?? "?"} at ${shortSha(operationRevision(state))}${message}`;
}

/** One line saying what the Application looks like now, for every verdict message. */
export function describeApplication(app: Application | undefined): string {
  if (!app) return "the Application does not exist (yet)";
  const status = app.status ?? {};
  const parts = [
    `sync=${status.sync?.status ?? "none"}`,
    `health=${status.health?.status ?? "none"}`,
    `revision=${shortSha(status.sync?.revision)}`,
    describeOperation(app),
  ];
  const conditions = (status.conditions ?? []).map((c) => `${c.type}: ${clip(c.message ?? "")}`);
  if (conditions.length > 0) parts.push(`conditions=[${conditions.join("; ")}]`);
  if (refreshPending(app)) parts.push("refresh=requested (not reconciled yet)");
  if (app.metadata?.deletionTimestamp) parts.push("deleting");
  return parts.join(" ");
}

function isAutomated(app: Application): boolean {
  const automated = app.spec?.syncPolicy?.automated;
  return automated !== undefined && automated.enabled !== false;
}

/**
 * Why the app can no longer reach `sha` on its own, or undefined while it still can. A Failed or
 * Error operation for that revision is final: auto-sync does not retry a revision whose last
 * attempt failed ("Failed last sync attempt to [sha]"), and a manual app has nothing that retries.
 * Auto-sync's own retries keep the phase Running, so they are not mistaken for the end.
 */
export function terminalFailureAt(app: Application, sha: string): string | undefined {
  // A newly requested or running operation replaces the failed one: not final yet.
  if (app.operation) return undefined;
  const syncError = (app.status?.conditions ?? []).find((c) => c.type === "SyncError")?.message ?? "";
  if (syncError.startsWith("Failed last sync attempt to") && syncError.includes(sha)) {
    return `auto-sync gave up on ${shortSha(sha)}: ${clip(syncError)}`;
  }
  if (syncError.includes("auto-sync will wipe out all resources") && syncError.includes(sha)) {
    return `auto-sync refuses to prune every resource without allowEmpty: ${clip(syncError)}`;
  }
  const state = app.status?.operationState;
  if (!state || (state.phase !== "Failed" && state.phase !== "Error")) return undefined;
  if (!sameRevision(operationRevision(state), sha)) return undefined;
  const who = isAutomated(app)
    ? "auto-sync does not retry a revision whose last sync failed (Failed last sync attempt); it needs a new commit or a manual sync"
    : "the sync policy is manual, so nothing retries it";
  return `the sync to ${shortSha(sha)} ended ${state.phase}: ${clip(state.message ?? "")}; ${who}`;
}

function waiting(app: Application | undefined, what: string): Verdict {
  return pending(`${describeApplication(app)} (waiting for ${what})`);
}

function staleNote(app: Application, sha: string): string {
  const revision = app.status?.sync?.revision;
  return revision && !sameRevision(revision, sha)
    ? `; the status still describes ${shortSha(revision)}, so Argo CD has not compared ${shortSha(sha)} yet`
    : "";
}

export function syncedAtVerdict(app: Application | undefined, sha: string): Verdict {
  if (!app) return waiting(app, `Synced at ${shortSha(sha)}`);
  const sync = app.status?.sync;
  if (sync?.status === "Synced" && sameRevision(sync.revision, sha)) return pass(describeApplication(app));
  const final = terminalFailureAt(app, sha);
  if (final) return fail(`${describeApplication(app)}: ${final}`);
  return waiting(app, `Synced at ${shortSha(sha)}${staleNote(app, sha)}`);
}

export function outOfSyncAtVerdict(app: Application | undefined, sha: string): Verdict {
  if (!app) return waiting(app, `OutOfSync at ${shortSha(sha)}`);
  const sync = app.status?.sync;
  if (sync?.status === "OutOfSync" && sameRevision(sync.revision, sha)) return pass(describeApplication(app));
  return waiting(app, `OutOfSync at ${shortSha(sha)}${staleNote(app, sha)}`);
}

export function healthIsVerdict(app: Application | undefined, status: HealthStatusCode): Verdict {
  if (app?.status?.health?.status === status) return pass(describeApplication(app));
  return waiting(app, `health ${status}`);
}

/**
 * status.sync.revision is written together with the rest of the status, so once it names `sha`
 * the sync status, conditions and reconciledAt describe that commit; before, they describe the previous one.
 */
export function syncRevisionIsVerdict(app: Application | undefined, sha: string): Verdict {
  if (app && sameRevision(app.status?.sync?.revision, sha)) return pass(describeApplication(app));
  return waiting(app, `Argo CD to compare against ${shortSha(sha)}`);
}

/** Who must have started the deploy: an automated sync, or a sync a named user started (not automation). */
export interface HistoryOptions {
  automated?: boolean;
  by?: string;
}

/** A history entry is added only by a full, successful, non-dry-run sync (self-heal syncs add none). */
export function historyContainsVerdict(
  app: Application | undefined,
  sha: string,
  options: HistoryOptions = {},
): Verdict {
  const history = app?.status?.history ?? [];
  const entry = history.find((h) => sameRevision(h.revision, sha));
  if (app && entry) {
    // The audit trail's who and when, as the UI's History and Rollback panel shows them.
    const by = entry.initiatedBy?.automated ? "auto-sync" : (entry.initiatedBy?.username ?? "unknown");
    if (options.automated && !entry.initiatedBy?.automated) {
      return fail(
        `history #${entry.id ?? "?"} at ${shortSha(entry.revision)} was deployed by ${by}, not by an automated sync`,
      );
    }
    if (options.by && (entry.initiatedBy?.automated || entry.initiatedBy?.username !== options.by)) {
      return fail(
        `history #${entry.id ?? "?"} at ${shortSha(entry.revision)} was deployed by ${by}, not by a sync ${options.by} started`,
      );
    }
    return pass(
      `${describeApplication(app)} history #${entry.id ?? "?"} at ${shortSha(entry.revision)}, deployed ${entry.deployedAt ?? "?"} by ${by}`,
    );
  }
  const seen = history.map((h) => `#${h.id ?? "?"} ${shortSha(h.revision)}`).join(", ") || "empty";
  if (app) {
    const final = terminalFailureAt(app, sha);
    if (final) return fail(`${describeApplication(app)} history=[${seen}]: ${final}`);
  }
  return pending(`${describeApplication(app)} history=[${seen}] (waiting for an entry at ${shortSha(sha)})`);
}

export function canIVerdict(answer: boolean, expected: boolean): Verdict {
  const said = `can-i answers ${answer ? "yes" : "no"}`;
  return answer === expected ? pass(said) : pending(`${said} (waiting for ${expected ? "yes" : "no"})`);
}

const appCheck = (app: AppRef, verdict: (a: Application | undefined) => Verdict) => async () =>
  verdict(await app.read());

export function syncedAt(app: AppRef, sha: string): Expectation {
  return expectation(
    `Application ${app.name} Synced at ${shortSha(sha)}`,
    appCheck(app, (a) => syncedAtVerdict(a, sha)),
  );
}

export function outOfSyncAt(app: AppRef, sha: string): Expectation {
  return expectation(
    `Application ${app.name} OutOfSync at ${shortSha(sha)}`,
    appCheck(app, (a) => outOfSyncAtVerdict(a, sha)),
  );
}

export function healthIs(app: AppRef, status: HealthStatusCode): Expectation {
  return expectation(
    `Application ${app.name} health ${status}`,
    appCheck(app, (a) => healthIsVerdict(a, status)),
  );
}

export function syncRevisionIs(app: AppRef, sha: string): Expectation {
  return expectation(
    `Application ${app.name} compared against ${shortSha(sha)}`,
    appCheck(app, (a) => syncRevisionIsVerdict(a, sha)),
  );
}

export function historyContains(app: AppRef, sha: string, options: HistoryOptions = {}): Expectation {
  const who = options.automated
    ? ", deployed by an automated sync"
    : options.by
      ? `, deployed by a sync ${options.by} started`
      : "";
  return expectation(
    `Application ${app.name} history to contain ${shortSha(sha)}${who}`,
    appCheck(app, (a) => historyContainsVerdict(a, sha, options)),
  );
}

/** No sync operation started at or after `since` (a pod deleted by hand is Kubernetes' business). */
export function noSyncOperationSince(app: AppRef, since: Date): Expectation {
  return expectation(
    `Application ${app.name} to start no sync operation after ${since.toISOString()}`,
    appCheck(app, (a) => {
      const startedAt = a?.status?.operationState?.startedAt;
      if (!a) return pending("the Application is not readable");
      if (startedAt && Date.parse(startedAt) >= since.getTime() - 1000) {
        // Stryker disable next-line OptionalChaining: equivalent, startedAt above was read from a.status.operationState.
        return fail(`a sync operation started at ${startedAt} (${a.status?.operationState?.phase ?? "?"})`);
      }
      return pass(`last sync operation started ${startedAt ?? "never"}`);
    }),
  );
}

/**
 * For RBAC propagation: argocd-server picks up argocd-rbac-cm through an informer, so poll
 * can-i until it answers as expected. A 400 (unknown resource or action) can never turn into
 * an answer, so it fails at once.
 */
export function canIAnswers(
  api: Pick<ArgoCdApi, "canI" | "username">,
  resource: string,
  action: string,
  object: string,
  expected: boolean,
): Expectation {
  return expectation(
    `can-i ${action} ${resource} ${object} to answer ${expected ? "yes" : "no"} for ${api.username}`,
    async () => {
      try {
        return canIVerdict(await api.canI(resource, action, object), expected);
      } catch (error) {
        if (error instanceof ArgoCdApiError && error.status === 400) return fail(error.message);
        throw error;
      }
    },
  );
}
