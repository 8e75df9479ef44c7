import { ARGOCD_NAMESPACE } from "../argocd/application-spec";
import type { ArgoCdApi } from "../argocd/argocd-api";
import type { KubeClients } from "../kube/kube-clients";
import { InfrastructureError } from "../report/infrastructure-error";
import { step } from "../report/step";
import { expectation, pass, pending } from "../wait/expectation";
import { waitUntil } from "../wait/wait-until";

export const REPOSITORY_SECRET_TYPE_LABEL = "argocd.argoproj.io/secret-type";

/** A repository Secret: how Argo CD learns a repo's URL and credentials declaratively. */
export function repositorySecret(input: {
  name: string;
  url: string;
  username: string;
  password: string;
  labels?: Record<string, string>;
}) {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: input.name,
      namespace: ARGOCD_NAMESPACE,
      labels: { [REPOSITORY_SECRET_TYPE_LABEL]: "repository", ...input.labels },
    },
    stringData: { type: "git", url: input.url, username: input.username, password: input.password },
  };
}

export async function registerRepository(
  kube: KubeClients,
  secret: ReturnType<typeof repositorySecret>,
): Promise<void> {
  await step(
    `Register repository ${secret.stringData.url} with Argo CD (Secret ${secret.metadata.name})`,
    async () => {
      await kube.core.createNamespacedSecret({ namespace: ARGOCD_NAMESPACE, body: secret });
    },
  );
}

/**
 * Setup proves Git reaches Argo CD before any lab relies on it: the repo
 * server must report the repository connected (the state is cached, hence forceRefresh).
 */
export async function proveRepositoryConnected(
  api: ArgoCdApi,
  url: string,
  signal?: AbortSignal,
): Promise<void> {
  try {
    await waitUntil(
      expectation(`Argo CD reports ${url} connected`, async () => {
        const state = await api.getRepository(url, { forceRefresh: true });
        return state.status === "Successful"
          ? pass("connection Successful")
          : pending(`connection ${state.status ?? "unknown"}: ${state.message ?? ""}`);
      }),
      { timeout: "sync", signal },
    );
  } catch (error) {
    throw new InfrastructureError(
      `Argo CD cannot reach the suite's Git server at ${url} (${error instanceof Error ? error.message : String(error)}). ` +
        "In k3s mode the server is forwarded into the cluster's network by testcontainers; a firewall or a Docker without that forwarding blocks it. " +
        "With LAB_CLUSTER=existing, set LAB_GIT_BIND_ADDRESS to an address of this machine that the cluster's pods can reach.",
      { cause: error },
    );
  }
}
