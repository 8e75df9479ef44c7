import { type Expectation, expectation, pass, pending, type Verdict } from "../wait/expectation";
import type { ApplicationTree, ResourceNode } from "./application-types";
import type { ArgoCdApi } from "./argocd-api";
import { describeNode, describeNodes, findTreeNode } from "./resource-tree";

/**
 * Ownership in what the UI draws for an app (resource-tree.ts finds single nodes): the
 * resource tree's children point at their owner through parentRefs (docs/upstream/argo-cd.md §1).
 */

function isChildOf(node: ResourceNode, parent: ResourceNode): boolean {
  return (node.parentRefs ?? []).some((ref) =>
    ref.uid && parent.uid ? ref.uid === parent.uid : ref.kind === parent.kind && ref.name === parent.name,
  );
}

function describeTree(tree: ApplicationTree): string {
  const nodes = tree.nodes ?? [];
  return nodes.length === 0 ? "an empty tree" : `the tree: ${describeNodes(nodes)}`;
}

/**
 * A node `kind`/`name` with at least `child.atLeast` nodes of `child.kind` under it that
 * each have a pod of their own: a ReplicaSet scaled to 0 (an old revision) does not count.
 */
export function ownerInTreeVerdict(
  tree: ApplicationTree,
  owner: { kind: string; name: string },
  child: { kind: string; atLeast: number },
): Verdict {
  const nodes = tree.nodes ?? [];
  const seen = describeTree(tree);
  const parent = findTreeNode(tree, owner);
  if (!parent) return pending(`no ${owner.kind}/${owner.name} node yet; ${seen}`);
  const children = nodes.filter((n) => n.kind === child.kind && isChildOf(n, parent));
  const withPods = children.filter((c) => nodes.some((n) => n.kind === "Pod" && isChildOf(n, c)));
  const text = `${describeNode(parent)} with ${children.length} ${child.kind}(s), ${withPods.length} of them with pods: ${withPods.map((c) => c.name).join(", ") || "none"}; ${seen}`;
  return withPods.length >= child.atLeast ? pass(text) : pending(text);
}

/** The Rollout in the app's tree with its stable and canary ReplicaSets, each running pods (the course's Lab 1.3 "Show"). */
export function rolloutInTree(
  api: Pick<ArgoCdApi, "resourceTree" | "username">,
  appName: string,
  rolloutName: string,
  replicaSets: number,
): Expectation {
  return expectation(
    `Argo CD's resource tree of ${appName} to show Rollout ${rolloutName} with ${replicaSets} ReplicaSets running pods`,
    async () =>
      ownerInTreeVerdict(
        await api.resourceTree(appName),
        { kind: "Rollout", name: rolloutName },
        { kind: "ReplicaSet", atLeast: replicaSets },
      ),
  );
}
