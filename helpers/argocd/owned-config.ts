import type { CoreV1Api } from "@kubernetes/client-node";
import { apiErrorStatus } from "../kube/api-error";
import { mergePatch } from "../kube/kube-clients";
import { ARGOCD_NAMESPACE } from "./application-spec";

/**
 * What the suite adds to Argo CD's shared configuration is marked by its name: every
 * account and role it creates starts with this prefix. So an undo removes only what the
 * suite added, and leftovers of a run that was killed before its undo can be found and
 * removed by the next run, without touching anything a person configured.
 */
export const SUITE_NAME_PREFIX = "gitops-conformance-";

/**
 * The serial lane for changes to Argo CD's global configuration: a Lease in Argo CD's namespace
 * (helpers/lab/global-config-lock.ts). Only its holder may change, or sweep, the suite's marks.
 */
export const GLOBAL_CONFIG_LEASE = "gitops-conformance-argocd-global-config";

const ownedName = (name: string) =>
  name.startsWith(SUITE_NAME_PREFIX) || name.startsWith(`role:${SUITE_NAME_PREFIX}`);

/** A policy.csv line that grants to, or maps, one of the suite's accounts or roles. */
export function isOwnedPolicyLine(line: string): boolean {
  const [kind, subject, object] = line.split(",").map((field) => field.trim());
  if (kind === "p") return ownedName(subject ?? "");
  if (kind === "g") return ownedName(subject ?? "") || ownedName(object ?? "");
  return false;
}

/** `accounts.<name>` and `accounts.<name>.<field>` keys (argocd-cm, argocd-secret) of a suite account. */
export function isOwnedAccountKey(key: string): boolean {
  return key.startsWith(`accounts.${SUITE_NAME_PREFIX}`);
}

/** `text` without each of `lines` (one occurrence each); everything else byte for byte. */
export function withoutLines(text: string, lines: readonly string[]): string {
  const remaining = [...lines];
  const kept = text.split("\n").filter((line) => {
    const at = remaining.indexOf(line);
    if (at === -1) return true;
    remaining.splice(at, 1);
    return false;
  });
  return kept.join("\n");
}

/** The policy text without the suite's lines; null (remove the key) when nothing else is left. */
export function withoutOwnedLines(text: string): string | null {
  const kept = withoutLines(text, text.split("\n").filter(isOwnedPolicyLine));
  return kept.trim() === "" ? null : kept;
}

export interface ConfigSweep {
  /** "argocd-cm: accounts.gitops-conformance-ro-m3-3", "argocd-rbac-cm: 6 policy line(s)" … */
  removed: string[];
}

/**
 * Removes every trace of the suite's accounts and roles from argocd-cm, argocd-rbac-cm and
 * argocd-secret. Only safe while holding the lane for Argo CD's global configuration: then
 * no lab is using them, so whatever is found was left by a run that died mid-lab.
 */
export async function sweepOwnedArgoCdConfig(core: CoreV1Api): Promise<ConfigSweep> {
  // Each pass re-reads; a write in between (Argo CD writes argocd-secret itself) means another pass.
  for (let attempt = 1; ; attempt++) {
    try {
      return await sweepOnce(core);
    } catch (error) {
      if (attempt >= 3 || apiErrorStatus(error)?.code !== 409) throw error;
    }
  }
}

async function sweepOnce(core: CoreV1Api): Promise<ConfigSweep> {
  const removed: string[] = [];
  const cm = await core.readNamespacedConfigMap({ namespace: ARGOCD_NAMESPACE, name: "argocd-cm" });
  const cmKeys = Object.keys(cm.data ?? {}).filter(isOwnedAccountKey);
  if (cmKeys.length > 0) {
    await patchData(core, "argocd-cm", cm.metadata?.resourceVersion, nulls(cmKeys));
    removed.push(...cmKeys.map((key) => `argocd-cm: ${key}`));
  }
  const rbac = await core.readNamespacedConfigMap({ namespace: ARGOCD_NAMESPACE, name: "argocd-rbac-cm" });
  const policy = rbac.data?.["policy.csv"];
  const owned = policy?.split("\n").filter(isOwnedPolicyLine) ?? [];
  if (policy !== undefined && owned.length > 0) {
    await patchData(core, "argocd-rbac-cm", rbac.metadata?.resourceVersion, {
      "policy.csv": withoutOwnedLines(policy),
    });
    removed.push(`argocd-rbac-cm: ${owned.length} policy line(s) (${owned.join("; ")})`);
  }
  const secret = await core.readNamespacedSecret({ namespace: ARGOCD_NAMESPACE, name: "argocd-secret" });
  const secretKeys = Object.keys(secret.data ?? {}).filter(isOwnedAccountKey);
  if (secretKeys.length > 0) {
    await core.patchNamespacedSecret(
      {
        namespace: ARGOCD_NAMESPACE,
        name: "argocd-secret",
        body: { metadata: { resourceVersion: secret.metadata?.resourceVersion }, data: nulls(secretKeys) },
      },
      mergePatch(),
    );
    removed.push(...secretKeys.map((key) => `argocd-secret: ${key}`));
  }
  return { removed };
}

const nulls = (keys: string[]) => Object.fromEntries(keys.map((key) => [key, null]));

/** A merge patch of `data` that fails (409) if the map changed since `resourceVersion` was read. */
export function patchData(
  core: CoreV1Api,
  name: string,
  resourceVersion: string | undefined,
  data: Record<string, string | null>,
): Promise<unknown> {
  return core.patchNamespacedConfigMap(
    { namespace: ARGOCD_NAMESPACE, name, body: { metadata: { resourceVersion }, data } },
    mergePatch(),
  );
}
