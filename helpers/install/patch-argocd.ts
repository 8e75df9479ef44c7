import { isMap, isSeq } from "yaml";
import {
  ChangeLog,
  joinManifests,
  type ManifestChange,
  plain,
  quoted,
  requireDocument,
  splitManifests,
  stringAt,
} from "./manifest-stream";
import { preferPreloadedImages } from "./pull-policy";

export interface ArgoCdPatchOptions {
  /** argocd-cm `timeout.reconciliation`: how often the controller re-reads Git without a refresh. */
  reconciliationTimeout?: string;
  /** argocd-cm `timeout.reconciliation.jitter`: the random delay added to it. */
  reconciliationJitter?: string;
  /** The fixed NodePort of argocd-server's `http` port. */
  httpNodePort?: number;
}

/**
 * Defaults for the harness. Jitter "0s" because its default differs between
 * the docs (60 s) and the code (0); a short, exact period keeps polling waits short.
 */
export const ARGOCD_PATCH_DEFAULTS: Required<ArgoCdPatchOptions> = {
  reconciliationTimeout: "10s",
  reconciliationJitter: "0s",
  httpNodePort: 30080,
};

export interface PatchedManifest {
  /** The patched multi-document YAML, ready to apply. */
  yaml: string;
  /** Every field changed, in the order the patch made them (describeChange renders one line). */
  changes: ManifestChange[];
}

const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

function checkOptions(options: Required<ArgoCdPatchOptions>): void {
  for (const [key, value] of [
    ["reconciliationTimeout", options.reconciliationTimeout],
    ["reconciliationJitter", options.reconciliationJitter],
  ] as const) {
    if (!GO_DURATION.test(value)) throw new Error(`${key} "${value}" is not a Go duration such as "10s".`);
  }
  const port = options.httpNodePort;
  // k3s' default --service-node-port-range.
  if (!Number.isInteger(port) || port < 30000 || port > 32767) {
    throw new Error(`httpNodePort ${port} is outside the NodePort range 30000-32767.`);
  }
}

/**
 * Patches Argo CD's install.yaml for the harness. Every setting here reaches
 * the pods as an env var (configMapKeyRef) read once at start, so writing it
 * into the manifest before the first pod starts saves a restart. Only the
 * listed fields change; labels (the settings informer selects ConfigMaps by
 * `app.kubernetes.io/part-of: argocd`) and every other document stay as written.
 */
export function patchArgoCdInstall(installYaml: string, options: ArgoCdPatchOptions = {}): PatchedManifest {
  const settings = { ...ARGOCD_PATCH_DEFAULTS, ...options };
  checkOptions(settings);
  const documents = splitManifests(installYaml);
  const log = new ChangeLog();

  // Plain HTTP: the harness talks to the API without TLS (ARGOCD_SERVER_INSECURE).
  const cmdParams = requireDocument(documents, "ConfigMap", "argocd-cmd-params-cm");
  log.set(cmdParams, ["data", "server.insecure"], quoted("true"));

  // Short, exact reconciliation (ARGOCD_RECONCILIATION_TIMEOUT / _JITTER of controller and repo-server).
  const cm = requireDocument(documents, "ConfigMap", "argocd-cm");
  log.set(cm, ["data", "timeout.reconciliation"], quoted(settings.reconciliationTimeout));
  log.set(cm, ["data", "timeout.reconciliation.jitter"], quoted(settings.reconciliationJitter));

  // A fixed NodePort, so the harness knows the API's port before the install.
  const service = requireDocument(documents, "Service", "argocd-server");
  // Stryker disable next-line BooleanLiteral: equivalent, keepScalar matters for scalars only, this is a sequence.
  const ports = service.getIn(["spec", "ports"], true);
  const http = isSeq(ports)
    ? ports.items.findIndex((port) => isMap(port) && stringAt(port, ["name"]) === "http")
    : -1;
  if (http === -1) {
    throw new Error(
      "Service argocd-server in the install manifest has no port named http. The upstream layout changed: update helpers/install/patch-argocd.ts.",
    );
  }
  log.set(service, ["spec", "type"], plain("NodePort"));
  log.set(service, ["spec", "ports", http, "nodePort"], plain(String(settings.httpNodePort)));

  // Dex (SSO) is the one image no lab needs and no Go module serves; without a replica the run needs no registry for it.
  const dex = requireDocument(documents, "Deployment", "argocd-dex-server");
  log.set(dex, ["spec", "replicas"], plain("0"));

  for (const { document } of documents) preferPreloadedImages(document, log);

  return { yaml: joinManifests(documents, log.changed), changes: log.changes };
}
