import { type Expectation, expectation, pass, pending, type Verdict } from "../wait/expectation";
import { shortSha } from "./application-expectations";
import type { ArgoCdApi, KubernetesObject } from "./argocd-api";

/**
 * Comparing what Argo CD's repo server renders for an app at two revisions (GET
 * …/manifests?revision=, which renders the app's current source at that commit):
 * "the chart renders to the same Rollout as the plain YAML did".
 */

const MAX_LISTED = 10;

function keyOf(o: KubernetesObject): string {
  return `${o.kind ?? "?"}/${o.metadata?.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata?.name ?? "?"}`;
}

function show(value: unknown): string {
  return value === undefined ? "absent" : JSON.stringify(value);
}

/** Every path where `a` and `b` differ, as `/spec/replicas: 3 ≠ "3"`. */
export function differences(a: unknown, b: unknown, at = ""): string[] {
  if (Object.is(a, b)) return [];
  const bothObjects = typeof a === "object" && a !== null && typeof b === "object" && b !== null;
  if (!bothObjects || Array.isArray(a) !== Array.isArray(b)) return [`${at || "/"}: ${show(a)} ≠ ${show(b)}`];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) =>
    differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}/${k}`),
  );
}

/** The same objects (by kind, namespace, name) with the same content, or the differences in words. */
export function sameManifestsVerdict(
  expected: readonly KubernetesObject[],
  actual: readonly KubernetesObject[],
): Verdict {
  const byKey = (list: readonly KubernetesObject[]) => new Map(list.map((o) => [keyOf(o), o]));
  const want = byKey(expected);
  const got = byKey(actual);
  const problems = [
    ...[...want.keys()].filter((k) => !got.has(k)).map((k) => `${k} missing`),
    ...[...got.keys()].filter((k) => !want.has(k)).map((k) => `${k} not expected`),
    ...[...want].flatMap(([k, o]) => {
      const other = got.get(k);
      return other ? differences(o, other).map((d) => `${k} ${d}`) : [];
    }),
  ];
  const listed = [...got.keys()].join(", ") || "nothing";
  if (problems.length === 0) return pass(`the same ${got.size} object(s): ${listed}`);
  const more = problems.length > MAX_LISTED ? ` (and ${problems.length - MAX_LISTED} more)` : "";
  return pending(`rendered ${listed}; ${problems.slice(0, MAX_LISTED).join("; ")}${more}`);
}

export function renderedAs(
  api: Pick<ArgoCdApi, "manifests">,
  appName: string,
  revision: string,
  expected: readonly KubernetesObject[],
): Expectation {
  return expectation(
    `Argo CD to render ${appName} at ${shortSha(revision)} to the same ${expected.map(keyOf).join(", ")} as before`,
    async () => sameManifestsVerdict(expected, await api.manifests(appName, { revision })),
  );
}
