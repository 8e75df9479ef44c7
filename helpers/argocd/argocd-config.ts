import type { CoreV1Api, V1ConfigMap } from "@kubernetes/client-node";
import { apiErrorStatus, describeApiError } from "../kube/api-error";
import { mergePatch } from "../kube/kube-clients";
import { attachText, attachYaml } from "../report/attach";
import { step } from "../report/step";
import { ARGOCD_NAMESPACE } from "./application-spec";
import { patchData, withoutLines } from "./owned-config";

/**
 * Changes to Argo CD's global configuration maps (argocd-cm, argocd-rbac-cm), each undone
 * when the lab closes by taking out exactly what the lab put in: a key the lab set goes back
 * to its old value, policy lines the lab appended are removed, and an edit someone else
 * made meanwhile stays. Every lab shares these maps: hold the global-config lane
 * (helpers/lab/global-config-lock.ts) first.
 */

/** Who changes Argo CD's configuration: the Kubernetes API it writes with, and where each undo goes. */
export interface ConfigChangeScope {
  /** The lab making the change, for the restore step's name. */
  labId: string;
  core: CoreV1Api;
  /** Registers an undo, run when the lab closes; an undo that fails fails the lab. */
  onClose(cleanup: () => Promise<unknown>): void;
  /** Throws when the lane for global configuration is no longer this lab's: it must not edit then. */
  assertHeld?(): void;
}

export const ARGOCD_CM = "argocd-cm";
export const ARGOCD_RBAC_CM = "argocd-rbac-cm";
export const ARGOCD_SECRET = "argocd-secret";

export type ConfigData = Record<string, string>;

/** The keys of `changes` whose value differs from `before`: what the patch actually changes. */
export function changedKeys(before: ConfigData | undefined, changes: ConfigData): string[] {
  return Object.keys(changes).filter((k) => before?.[k] !== changes[k]);
}

/**
 * The merge patch that takes out what writing `written` over `before` put in, given the map
 * is now `current`. A key still as written goes back to its old value (null: removed). A
 * multi-line value someone else edited since keeps their edit and loses only the lines the
 * lab added. Any other key someone changed is left to them.
 */
export function undoPatch(
  before: ConfigData | undefined,
  written: ConfigData,
  current: ConfigData | undefined,
): Record<string, string | null> {
  const undo: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(written)) {
    const old = before?.[key];
    const now = current?.[key];
    if (old === value) continue;
    if (now === value) undo[key] = old ?? null;
    else if (now !== undefined && value.includes("\n")) {
      const added = withoutLines(value, (old ?? "").split("\n"))
        .split("\n")
        .filter(Boolean);
      const kept = withoutLines(now, added);
      undo[key] = kept.trim() === "" && old === undefined ? null : kept;
    }
  }
  return undo;
}

async function readConfigMap(core: CoreV1Api, name: string): Promise<V1ConfigMap> {
  try {
    return await core.readNamespacedConfigMap({ namespace: ARGOCD_NAMESPACE, name });
  } catch (e) {
    throw new Error(`reading ConfigMap ${ARGOCD_NAMESPACE}/${name}: ${describeApiError(e)}`);
  }
}

/** Takes the lab's change out again, re-reading on a conflict (Argo CD itself may write argocd-cm). */
async function restore(
  scope: ConfigChangeScope,
  name: string,
  before: ConfigData | undefined,
  written: ConfigData,
): Promise<void> {
  await step(`Restore ${name}: take out what lab ${scope.labId} put in`, async () => {
    for (let attempt = 1; ; attempt++) {
      const current = await readConfigMap(scope.core, name);
      const undo = undoPatch(before, written, current.data);
      if (Object.keys(undo).length === 0) return;
      try {
        await patchData(scope.core, name, current.metadata?.resourceVersion, undo);
        await attachYaml(`${name} keys put back (null: removed)`, undo);
        return;
      } catch (e) {
        if (attempt >= 3 || apiErrorStatus(e)?.code !== 409)
          throw new Error(
            `Argo CD's ${name} could not be restored after lab ${scope.labId}: ${describeApiError(e)}. What the lab added is still there; the next run removes it before it changes ${name} again.`,
          );
      }
    }
  });
}

/**
 * Sets `change` (or what it computes from the current data, e.g. lines appended to
 * policy.csv) in ConfigMap `name` of the argocd namespace, as a merge patch (what
 * `kubectl edit` leaves), and registers the undo. Returns the data as it was before.
 */
export async function patchArgoCdConfigMap(
  scope: ConfigChangeScope,
  name: string,
  change: ConfigData | ((before: ConfigData | undefined) => ConfigData),
): Promise<ConfigData | undefined> {
  scope.assertHeld?.();
  const read = await readConfigMap(scope.core, name);
  const before = read.data;
  const changes = typeof change === "function" ? change(before) : change;
  return step(`Platform admin: set ${Object.keys(changes).join(", ")} in ${name}`, async () => {
    await attachYaml(`${name} data before`, before ?? {});
    scope.onClose(() => restore(scope, name, before, changes));
    try {
      // Against the data read: a change computed from it must not overwrite a newer edit.
      await patchData(scope.core, name, read.metadata?.resourceVersion, changes);
    } catch (e) {
      throw new Error(`patching ConfigMap ${ARGOCD_NAMESPACE}/${name}: ${describeApiError(e)}`);
    }
    await attachYaml(`${name} data set (${changedKeys(before, changes).length} key(s) changed)`, changes);
    return before;
  });
}

/**
 * Argo CD keeps a local account's password hash and its mtime in argocd-secret
 * (`accounts.<name>.password`, `accounts.<name>.passwordMtime`, util/settings/accounts.go
 * saveAccount). Registers the removal, when the lab closes, of every such key of `account`
 * that is not there now. Values are never read into the report.
 */
export async function forgetAccountSecretsOnClose(scope: ConfigChangeScope, account: string): Promise<void> {
  const prefix = `accounts.${account}.`;
  const keysNow = async () =>
    Object.keys(
      (await scope.core.readNamespacedSecret({ namespace: ARGOCD_NAMESPACE, name: ARGOCD_SECRET })).data ??
        {},
    ).filter((k) => k.startsWith(prefix));
  const existing = new Set(await keysNow());
  scope.onClose(() =>
    step(`Remove account ${account}'s keys from ${ARGOCD_SECRET}`, async () => {
      const added = (await keysNow()).filter((k) => !existing.has(k));
      await attachText("keys removed", added.join("\n") || "(none)");
      if (added.length === 0) return;
      await scope.core.patchNamespacedSecret(
        {
          namespace: ARGOCD_NAMESPACE,
          name: ARGOCD_SECRET,
          body: { data: Object.fromEntries(added.map((k) => [k, null])) },
        },
        mergePatch(),
      );
    }),
  );
}
