import type { CoreV1Api, V1ConfigMap, V1Secret } from "@kubernetes/client-node";
import type { ConfigChangeScope } from "./argocd-config";

/**
 * For self-tests: the argocd namespace's ConfigMaps and argocd-secret in memory, behind the
 * few CoreV1Api calls the config changes make (read, merge patch guarded by resourceVersion), and a scope whose
 * undos run on close(), last registered first, as a lab's do.
 */
export interface FakeArgoCdConfig {
  scope: ConfigChangeScope;
  configMaps: Map<string, V1ConfigMap>;
  secret: V1Secret;
  /** Runs the registered undos, newest first. */
  close(): Promise<void>;
}

interface Named {
  namespace: string;
  name: string;
}

export function fakeArgoCdConfig(
  configMaps: Record<string, Record<string, string> | undefined>,
  secretData: Record<string, string> = {},
): FakeArgoCdConfig {
  const maps = new Map<string, V1ConfigMap>(
    Object.entries(configMaps).map(([name, data]) => [
      name,
      { metadata: { name, namespace: "argocd", resourceVersion: "1" }, ...(data ? { data } : {}) },
    ]),
  );
  const secret: V1Secret = {
    metadata: { name: "argocd-secret", namespace: "argocd" },
    data: { ...secretData },
  };
  const existing = (name: string) => {
    const map = maps.get(name);
    if (!map) throw new Error(`the fake has no ConfigMap ${name}`);
    return map;
  };
  const core = {
    readNamespacedConfigMap: async ({ name }: Named) => structuredClone(existing(name)),
    patchNamespacedConfigMap: async ({
      name,
      body,
    }: Named & {
      body: { metadata?: { resourceVersion?: string }; data: Record<string, string | null> };
    }) => {
      const map = existing(name);
      const expected = body.metadata?.resourceVersion;
      if (expected !== undefined && expected !== map.metadata?.resourceVersion)
        throw Object.assign(new Error("Conflict"), { code: 409, body: "the object has been modified" });
      const data: Record<string, string> = { ...map.data };
      for (const [key, value] of Object.entries(body.data)) {
        if (value === null) delete data[key];
        else data[key] = value;
      }
      map.data = Object.keys(data).length > 0 ? data : undefined;
      if (map.data === undefined) delete map.data;
      map.metadata = {
        ...map.metadata,
        resourceVersion: String(Number(map.metadata?.resourceVersion ?? 0) + 1),
      };
      return map;
    },
    readNamespacedSecret: async () => structuredClone(secret),
    patchNamespacedSecret: async ({ body }: { body: { data: Record<string, string | null> } }) => {
      for (const [key, value] of Object.entries(body.data)) {
        if (value === null) delete secret.data?.[key];
        else secret.data = { ...secret.data, [key]: value };
      }
      return secret;
    },
  } as unknown as CoreV1Api;
  const undos: (() => Promise<unknown>)[] = [];
  return {
    scope: { labId: "M3.3", core, onClose: (undo) => undos.push(undo) },
    configMaps: maps,
    secret,
    async close() {
      for (const undo of undos.reverse().splice(0)) await undo();
    },
  };
}
