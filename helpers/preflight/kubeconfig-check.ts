import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import type { KubeConfig } from "@kubernetes/client-node";
import {
  CHANGES_ON_AN_EXISTING_CLUSTER,
  EXISTING_CONTEXT_ENV,
  requireExistingOptIn,
} from "../project/existing-cluster";
import { SettingError } from "../project/setting-error";
import { seconds } from "../report/seconds";
import { type CheckResult, fail, firstLine, ok, warn } from "./check-result";
import { type Answer, readAnswer } from "./read-answer";
import { withTimeout } from "./with-timeout";

export const KUBECONFIG_CHECK = "Existing cluster (KUBECONFIG)";

export interface KubeconfigInput {
  /** How long the API server gets to answer GET /version. */
  timeoutMs?: number;
  /** Where LAB_EXISTING_CONTEXT is read; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

const OR_DOCKER = "or unset LAB_CLUSTER to let the suite start k3s in Docker";

/** The files client-node's loadFromDefault reads, in its order: KUBECONFIG's, else ~/.kube/config. */
export function kubeconfigFiles(env: NodeJS.ProcessEnv, homeDir: string): string[] {
  const fromEnv = env.KUBECONFIG?.split(path.delimiter).filter((f) => f !== "") ?? [];
  return fromEnv.length > 0 ? fromEnv : [path.join(homeDir, ".kube", "config")];
}

type Loaded = { kc: KubeConfig } | { problem: CheckResult };

const invalid = (file: string, error: unknown) => ({
  problem: fail(
    KUBECONFIG_CHECK,
    `${file} is not a valid kubeconfig (${firstLine(error)}).`,
    `Fix or regenerate it (your cluster's tool exports one, e.g. k3d kubeconfig get, kind get kubeconfig), ${OR_DOCKER}.`,
  ),
});

/**
 * The kubeconfig exactly as the run loads it (client-node's loadFromDefault, which merges
 * KUBECONFIG's files); what it cannot say, which file is missing or broken, is found first.
 */
async function load(
  client: typeof import("@kubernetes/client-node"),
  files: string[],
  fromEnv: boolean,
): Promise<Loaded> {
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) {
    const detail = fromEnv
      ? `KUBECONFIG names ${missing.join(", ")}, which does not exist.`
      : `KUBECONFIG is not set and ${missing.join(", ")} does not exist.`;
    return {
      problem: fail(
        KUBECONFIG_CHECK,
        `${detail} LAB_CLUSTER=existing runs the labs against the current context of your kubeconfig.`,
        `Point KUBECONFIG at the kubeconfig of a running cluster (e.g. export KUBECONFIG=$HOME/.kube/config), ${OR_DOCKER}.`,
      ),
    };
  }
  const empty = files.find((f) => readFileSync(f, "utf8").trim() === "");
  if (empty) return invalid(empty, new Error("the file is empty"));
  const kc = new client.KubeConfig();
  try {
    kc.loadFromDefault();
    return { kc };
  } catch (error) {
    for (const file of files) {
      try {
        new client.KubeConfig().loadFromFile(file);
      } catch (fileError) {
        return invalid(file, fileError);
      }
    }
    return invalid(files.join(path.delimiter), error);
  }
}

function get(url: URL, options: https.RequestOptions, timeoutMs: number): Promise<Answer> {
  const transport = url.protocol === "http:" ? http : https;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      url,
      { ...options, method: "GET", signal: AbortSignal.timeout(timeoutMs) },
      (res) => {
        readAnswer(res).then(resolve, reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const TLS_CODES = /^(ERR_TLS|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_(VERIFY|GET_ISSUER)|ERR_SSL)/;

export async function checkKubeconfig(input: KubeconfigInput): Promise<CheckResult> {
  const { timeoutMs = 4_000 } = input;
  // Loaded only in this mode: the client is large and the Docker mode does not need it.
  const client = await import("@kubernetes/client-node");
  // client-node reads these two from the process, so the check does too.
  const fromEnv = (process.env.KUBECONFIG ?? "").split(path.delimiter).some((f) => f !== "");
  const files = kubeconfigFiles(process.env, client.findHomeDir() ?? os.homedir());
  const loaded = await load(client, files, fromEnv);
  if ("problem" in loaded) return loaded.problem;
  const { kc } = loaded;
  const where = files.join(path.delimiter);
  const contexts = kc.getContexts().map((c) => c.name);

  if (contexts.length === 0) {
    return fail(
      KUBECONFIG_CHECK,
      `${where} has no contexts.`,
      `Point KUBECONFIG at the kubeconfig of a running cluster, ${OR_DOCKER}.`,
    );
  }
  const current = kc.getCurrentContext();
  if (!current) {
    return fail(
      KUBECONFIG_CHECK,
      `${where} sets no current context (it has ${contexts.join(", ")}), so it is not clear which cluster the labs should use.`,
      `Pick one with kubectl config use-context ${contexts[0]}, then run again.`,
    );
  }
  const context = kc.getContextObject(current);
  if (!context) {
    return fail(
      KUBECONFIG_CHECK,
      `The current context "${current}" is not defined in ${where} (it has ${contexts.join(", ")}).`,
      `Pick an existing one with kubectl config use-context ${contexts[0]}, then run again.`,
    );
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    return fail(
      KUBECONFIG_CHECK,
      `Context "${current}" names cluster "${context.cluster}", which is not defined in ${where}.`,
      "Fix the context or re-export the kubeconfig from your cluster's tool, then run again.",
    );
  }
  const server = cluster.server;
  const label = `API server ${server} (context "${current}")`;
  try {
    // Before the cluster is contacted at all: a context nobody named is not the suite's to touch.
    requireExistingOptIn(current, server, input.env);
  } catch (error) {
    if (error instanceof SettingError) return fail(KUBECONFIG_CHECK, error.problem, error.fix);
    throw error;
  }

  const options: https.RequestOptions = { headers: {} };
  try {
    await withTimeout(kc.applyToHTTPSOptions(options), timeoutMs);
  } catch (error) {
    const message = firstLine(error);
    if (/HTTP protocol is not allowed/.test(message)) {
      return fail(
        KUBECONFIG_CHECK,
        `The ${label} is plain http, which the Kubernetes client refuses unless the cluster sets insecure-skip-tls-verify: true.`,
        "Use the cluster's https endpoint, or set insecure-skip-tls-verify: true on that cluster if plain http is intended.",
      );
    }
    return fail(
      KUBECONFIG_CHECK,
      `Could not get credentials for user "${context.user}" of context "${current}" (${message}).`,
      "Make the user's credentials work (log in again; an exec plugin such as gke-gcloud-auth-plugin must be installed and on PATH), then run again.",
    );
  }

  const startCluster = `Start that cluster (e.g. k3d cluster start, minikube start), pick another context with kubectl config use-context, ${OR_DOCKER}.`;
  let answer: Answer;
  try {
    answer = await get(new URL(`${server.replace(/\/$/, "")}/version`), options, timeoutMs);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.name === "AbortError" || e.name === "TimeoutError") {
      return fail(
        KUBECONFIG_CHECK,
        `The ${label} did not answer within ${seconds(timeoutMs)}.`,
        startCluster,
      );
    }
    if (e.code && TLS_CODES.test(e.code)) {
      return fail(
        KUBECONFIG_CHECK,
        `The ${label} answers, but its TLS certificate is not trusted (${firstLine(e)}).`,
        "Re-export the kubeconfig from the cluster so its certificate-authority data matches, then run again.",
      );
    }
    return fail(KUBECONFIG_CHECK, `The ${label} is not reachable (${firstLine(e)}).`, startCluster);
  } finally {
    (options.agent as http.Agent | undefined)?.destroy();
  }

  if (answer.status === 200) {
    let version = "";
    try {
      version = (JSON.parse(answer.body) as { gitVersion?: string }).gitVersion ?? "";
    } catch {
      // Reachable all the same; the version is a nicety.
    }
    return ok(
      KUBECONFIG_CHECK,
      `context "${current}" (named in ${EXISTING_CONTEXT_ENV}): API server ${server} answers${version ? `, Kubernetes ${version}` : ""}. The run ${CHANGES_ON_AN_EXISTING_CLUSTER.join("; it ")}.`,
    );
  }
  if (answer.status === 401) {
    return fail(
      KUBECONFIG_CHECK,
      `The ${label} answered 401 Unauthorized: it does not accept the credentials of user "${context.user}".`,
      "Renew the credentials (log in again, or re-export the kubeconfig from the cluster), then run again.",
    );
  }
  if (answer.status === 403) {
    return warn(
      KUBECONFIG_CHECK,
      `The ${label} answers, but refused GET /version (403 Forbidden), so user "${context.user}" may lack the rights the labs need.`,
      "Use a context with cluster-admin rights (the labs install Argo CD and Argo Rollouts).",
    );
  }
  return fail(
    KUBECONFIG_CHECK,
    `The ${label} answered HTTP ${answer.status} to GET /version, so it does not look like a Kubernetes API server.`,
    `Check the server URL of that cluster in the kubeconfig, ${OR_DOCKER}.`,
  );
}
