import { type Expectation, expectation, pass, pending, type Verdict } from "../wait/expectation";
import type { ApplicationTree, HealthStatusCode, ResourceNode } from "./application-types";
import type { ArgoCdApi } from "./argocd-api";

/**
 * What a lab looks for in Argo CD's resource tree, the nodes the UI draws
 * (docs/upstream/argo-cd.md §1): a managed Service, or a pod the Deployment's
 * ReplicaSet made, with the health and images Argo CD shows for it.
 */
export interface TreeQuery {
  kind: string;
  name?: string;
  /** One of the node's images; for a pod, its spec's images as the UI lists them (controller/cache/info.go). */
  image?: string;
  health?: HealthStatusCode;
  /** Only nodes whose UID is none of these: "a new pod", once the old ones were deleted. */
  notUids?: readonly string[];
}

export function matchesTreeQuery(node: ResourceNode, query: TreeQuery): boolean {
  if (node.kind !== query.kind) return false;
  if (query.name !== undefined && node.name !== query.name) return false;
  if (query.image !== undefined && !(node.images ?? []).includes(query.image)) return false;
  if (query.health !== undefined && node.health?.status !== query.health) return false;
  if (query.notUids?.includes(node.uid ?? "")) return false;
  return true;
}

/** "a Pod on grade-submission-api:1a2b3c4…, Degraded", for wait descriptions. */
export function describeTreeQuery(query: TreeQuery): string {
  const parts = [
    `a ${query.kind}${query.name ? ` ${query.name}` : ""}`,
    query.image ? `on ${query.image}` : "",
    query.health ?? "",
    query.notUids?.length ? `not one of the ${query.notUids.length} earlier` : "",
  ];
  return parts.filter(Boolean).join(", ");
}

/** "Pod t05-x/grade-submission-api-7d9-abc Degraded [grade-submission-api:1a2b3c4] (CrashLoopBackOff, 3 restarts)". */
export function describeNode(node: ResourceNode): string {
  const info = (key: string) => node.info?.find((i) => i.name === key)?.value;
  const reason = info("Status Reason");
  const restarts = info("Restart Count");
  const details = [reason, restarts ? `${restarts} restarts` : ""].filter(Boolean).join(", ");
  const where = node.namespace ? `${node.namespace}/` : "";
  return [
    `${node.kind ?? "?"} ${where}${node.name ?? "?"}`,
    node.health?.status ?? "no health",
    node.images?.length ? `[${node.images.join(", ")}]` : "",
    details ? `(${details})` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

/** Nodes for a message, one after another. */
export function describeNodes(nodes: readonly ResourceNode[]): string {
  return nodes.map(describeNode).join("; ");
}

export function findTreeNode(tree: ApplicationTree, query: TreeQuery): ResourceNode | undefined {
  return (tree.nodes ?? []).find((n) => matchesTreeQuery(n, query));
}

export function treeNodeVerdict(tree: ApplicationTree, query: TreeQuery): Verdict {
  const match = findTreeNode(tree, query);
  if (match) return pass(describeNode(match));
  const nodes = tree.nodes ?? [];
  const sameKind = nodes.filter((n) => n.kind === query.kind);
  return pending(
    sameKind.length > 0
      ? `the tree's ${query.kind} nodes: ${describeNodes(sameKind)}`
      : `no ${query.kind} among the tree's ${nodes.length} nodes`,
  );
}

/** Polls the app's resource tree through the API; `found` receives the matching node (e.g. to read its pod's logs). */
export function treeHasNode(
  api: Pick<ArgoCdApi, "resourceTree">,
  appName: string,
  query: TreeQuery,
  found?: (node: ResourceNode) => void,
): Expectation {
  return expectation(
    `Argo CD's resource tree of ${appName} to show ${describeTreeQuery(query)}`,
    async () => {
      const tree = await api.resourceTree(appName);
      const match = findTreeNode(tree, query);
      if (match) found?.(match);
      return treeNodeVerdict(tree, query);
    },
  );
}
