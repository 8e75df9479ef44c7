import {
  ApiextensionsV1Api,
  AppsV1Api,
  AuthorizationV1Api,
  type ConfigurationOptions,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  RbacAuthorizationV1Api,
  setHeaderOptions,
} from "@kubernetes/client-node";

/** Typed clients for one cluster and one identity (admin, or a lab user such as dev-user). */
export interface KubeClients {
  kc: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  rbac: RbacAuthorizationV1Api;
  authz: AuthorizationV1Api;
  custom: CustomObjectsApi;
  apiext: ApiextensionsV1Api;
  /** Generic create/read/patch/delete by apiVersion+kind (resolves plurals through discovery). */
  objects: KubernetesObjectApi;
}

export function kubeConfigFromYaml(kubeconfigYaml: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigYaml);
  if (!kc.getCurrentCluster()) {
    throw new Error(
      `The kubeconfig has no current cluster (current-context "${kc.getCurrentContext()}"); contexts: ${
        kc
          .getContexts()
          .map((c) => c.name)
          .join(", ") || "none"
      }`,
    );
  }
  return kc;
}

export function makeKubeClients(kubeconfig: string | KubeConfig): KubeClients {
  const kc = typeof kubeconfig === "string" ? kubeConfigFromYaml(kubeconfig) : kubeconfig;
  return {
    kc,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    rbac: kc.makeApiClient(RbacAuthorizationV1Api),
    authz: kc.makeApiClient(AuthorizationV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
    apiext: kc.makeApiClient(ApiextensionsV1Api),
    objects: KubernetesObjectApi.makeApiClient(kc),
  };
}

/**
 * Per-call options that send a patch as `application/merge-patch+json`.
 * Without them, client-node v2's generated patch methods pick the first type
 * in their list, `application/json-patch+json`, and the API server rejects a
 * merge-patch object sent that way (docs/upstream/rollouts-k3s-testcontainers.md D).
 *
 *   await k.apps.patchNamespacedDeployment({ name, namespace, body }, mergePatch());
 */
export function mergePatch(options?: ConfigurationOptions): ConfigurationOptions {
  return patchAs(PatchStrategy.MergePatch, options);
}

/** The same for any patch type (strategic merge, JSON patch, server-side apply). */
export function patchAs(strategy: PatchStrategy, options?: ConfigurationOptions): ConfigurationOptions {
  return setHeaderOptions("Content-Type", strategy, options);
}
