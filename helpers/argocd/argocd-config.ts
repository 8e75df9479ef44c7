import type { CoreV1Api, V1ConfigMap } from "@kubernetes/client-node";
import { apiErrorStatus, describeApiError } from "../kube/api-error";
import { mergePatch } from "../kube/kube-clients";
import { attachText, attachYaml } from "../report/attach";
import { step } from "../report/step";
import { ARGOCD_NAMESPACE } from "./application-spec";

/**
 * Changes to Argo CD's global configuration maps (argocd-cm, argocd-rbac-cm), each undone
 * when the lab closes by putting back exactly the data the map had before. Every lab shares
 * these maps: hold the global-config lock (helpers/lab/global-config-lock.ts) first.
 */

/** Who changes Argo CD's configuration: the Kubernetes API it writes with, and where each undo goes. */
export interface ConfigChangeScope {
  /** The lab making the change, for the restore step's name. */
  labId: string;
  core: CoreV1Api;
  /** Registers an undo, run when the lab closes. */
  onClose(cleanup: () => Promise<unknown>): void;
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
 * The map as it must be written back: the current object (its resourceVersion guards against
 * a concurrent write) with the old data; managedFields are left for the server to update.
 */
export function restoredConfigMap(current: V1ConfigMap, before: ConfigData | undefined): V1ConfigMap {
  const { data: _replaced, ...rest } = current;
  const { managedFields: _server, ...metadata } = current.metadata ?? {};
  const restored = { ...rest, metadata };
  return before === undefined ? restored : { ...restored, data: { ...before } };
}

async function readConfigMap(core: CoreV1Api, name: string): Promise<V1ConfigMap> {
  try {
    return await core.readNamespacedConfigMap({ namespace: ARGOCD_NAMESPACE, name });
  } catch (e) {
    throw new Error(`reading ConfigMap ${ARGOCD_NAMESPACE}/${name}: ${describeApiError(e)}`);
  }
}

/** Puts `before` back, re-reading on a conflict (Argo CD itself may write argocd-cm). */
async function restore(
  scope: ConfigChangeScope,
  name: string,
  before: ConfigData | undefined,
): Promise<void> {
  await step(`Restore ${name} to its data before lab ${scope.labId}`, async () => {
    for (let attempt = 1; ; attempt++) {
      const current = await readConfigMap(scope.core, name);
      try {
        await scope.core.replaceNamespacedConfigMap({
          namespace: ARGOCD_NAMESPACE,
          name,
          body: restoredConfigMap(current, before),
        });
        await attachYaml(`${name} data, restored`, before ?? {});
        return;
      } catch (e) {
        if (attempt >= 3 || apiErrorStatus(e)?.code !== 409) throw e;
      }
    }
  });
}

/**
 * Sets `change` (or what it computes from the current data, e.g. lines appended to
 * policy.csv) in ConfigMap `name` of the argocd namespace, as a merge patch (what
 * `kubectl edit` leaves), and registers the restore of the previous data. Returns the data
 * as it was before.
 */
export async function patchArgoCdConfigMap(
  scope: ConfigChangeScope,
  name: string,
  change: ConfigData | ((before: ConfigData | undefined) => ConfigData),
): Promise<ConfigData | undefined> {
  const before = (await readConfigMap(scope.core, name)).data;
  const changes = typeof change === "function" ? change(before) : change;
  return step(`Platform admin: set ${Object.keys(changes).join(", ")} in ${name}`, async () => {
    await attachYaml(`${name} data before`, before ?? {});
    scope.onClose(() => restore(scope, name, before));
    try {
      await scope.core.patchNamespacedConfigMap(
        { namespace: ARGOCD_NAMESPACE, name, body: { data: changes } },
        mergePatch(),
      );
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
