import { type Expectation, expectation, fail, pass, pending, type Verdict } from "../wait/expectation";
import type { AppRef } from "./app-ref";
import {
  describeApplication,
  operationRevision,
  sameRevision,
  shortSha,
  terminalFailureAt,
} from "./application-expectations";
import type { Application } from "./application-types";

/**
 * Argo CD found a diff at a revision and applied it on its own: the controller starts an
 * auto-sync only when the app is OutOfSync at the revision it compared (appcontroller.go
 * autoSync), and records it as an operation at that revision initiated by
 * `{automated: true}`. A Succeeded one is "Argo detects diff, Argo applies change".
 * Self-heal operations count too; a lab judging a Git change waits for the new revision.
 */
export function autoSyncedAtVerdict(app: Application | undefined, sha: string): Verdict {
  if (!app) return pending(describeApplication(app));
  const state = app.status?.operationState;
  const mine = sameRevision(operationRevision(state), sha);
  const automated = state?.operation?.initiatedBy?.automated === true;
  // Stryker disable next-line OptionalChaining: equivalent, `mine` is false without an operation state.
  if (mine && automated && state?.phase === "Succeeded" && !app.operation)
    return pass(`${describeApplication(app)} (auto-sync, started ${state.startedAt ?? "?"})`);
  // Stryker disable next-line OptionalChaining: equivalent, `mine` is false without an operation state.
  if (mine && !automated && state?.phase)
    return fail(
      `${describeApplication(app)}: the operation at ${shortSha(sha)} was started by ${state.operation?.initiatedBy?.username ?? "someone"}, not by auto-sync`,
    );
  const final = terminalFailureAt(app, sha);
  if (final) return fail(`${describeApplication(app)}: ${final}`);
  return pending(`${describeApplication(app)} (waiting for a Succeeded auto-sync at ${shortSha(sha)})`);
}

export function autoSyncedAt(app: AppRef, sha: string): Expectation {
  return expectation(
    `Argo CD to have found ${app.name} OutOfSync at ${shortSha(sha)} and auto-synced it`,
    async () => autoSyncedAtVerdict(await app.read(), sha),
  );
}
