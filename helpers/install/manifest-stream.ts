import { type Document, isDocument, isMap, isScalar, parseAllDocuments, Scalar } from "yaml";

/**
 * Reading and rewriting a multi-document manifest (an install.yaml) so that
 * only what a patch touches changes.
 *
 * Documents are parsed with the failsafe schema: every scalar is a string, so
 * a re-stringified document keeps `0644`, `yes` or `1e3` exactly as written
 * (the core schema would print `644`, which a YAML 1.1 reader such as kubectl
 * takes for a different number). Documents a patch did not change are copied
 * from the input text verbatim.
 */
export interface ManifestDocument {
  document: Document.Parsed;
  /** This document's text in the input, with its `---` line (and for the first, any leading comment). */
  source: string;
}

/** One field a patch changed, for the report. */
export interface ManifestChange {
  /** "ConfigMap argocd-cm". */
  object: string;
  /** Keys from the object's root: ["data", "server.insecure"]; empty when a whole document was added. */
  path: readonly (string | number)[];
  /** The value before, as written in the manifest; undefined when the field was not set. */
  from: string | undefined;
  to: string;
}

export function describeChange(change: ManifestChange): string {
  if (change.path.length === 0) return `${change.object}: ${change.to}`;
  const field = change.path.map((key) => (typeof key === "number" ? `[${key}]` : `.${key}`)).join("");
  return `${change.object}: ${field.slice(1)} ${change.from === undefined ? "(unset)" : JSON.stringify(change.from)} → ${JSON.stringify(change.to)}`;
}

/** Splits and parses the stream; throws one readable error when it is not YAML (an HTML error page, say). */
export function splitManifests(text: string): ManifestDocument[] {
  const parsed = parseAllDocuments(text, { schema: "failsafe" });
  const documents = Array.isArray(parsed) ? parsed : [];
  const problem = documents.flatMap((d) => d.errors)[0];
  if (problem) throw new Error(`The manifest is not valid YAML: ${problem.message.split("\n")[0]}`);
  return documents.map((document, i) => {
    const start = i === 0 ? 0 : document.range[0];
    const end = documents[i + 1]?.range[0] ?? text.length;
    return { document, source: text.slice(start, end) };
  });
}

/** Joins documents back: changed ones re-stringified, the others as they were written. */
export function joinManifests(
  documents: readonly ManifestDocument[],
  changed: ReadonlySet<Document>,
  prepend: readonly string[] = [],
): string {
  const body = documents
    .map(({ document, source }) =>
      // lineWidth 0: never fold a long string onto several lines (same value, but a noisier diff).
      changed.has(document) ? document.toString({ lineWidth: 0, indentSeq: false }) : source,
    )
    .join("");
  return [...prepend.map((doc) => `${doc.trimEnd()}\n---\n`), body].join("");
}

/** The kind and name of a document, as strings (empty when absent). */
export function identify(document: Document): { kind: string; name: string } {
  const kind = document.get("kind");
  const name = document.getIn(["metadata", "name"]);
  return { kind: typeof kind === "string" ? kind : "", name: typeof name === "string" ? name : "" };
}

export function label(document: Document): string {
  const { kind, name } = identify(document);
  return `${kind} ${name}`;
}

export function findDocument(
  documents: readonly ManifestDocument[],
  kind: string,
  name: string,
): Document.Parsed | undefined {
  return documents.find(({ document }) => {
    const id = identify(document);
    return id.kind === kind && id.name === name;
  })?.document;
}

/** Like findDocument, but a missing object is an error: a silently skipped patch would surface much later. */
export function requireDocument(
  documents: readonly ManifestDocument[],
  kind: string,
  name: string,
): Document.Parsed {
  const document = findDocument(documents, kind, name);
  if (!document) {
    throw new Error(
      `The install manifest has no ${kind} ${name}, which the harness patches. The upstream layout changed: update helpers/install for this version.`,
    );
  }
  return document;
}

/** A scalar written double-quoted: stays a string for every reader ("true", "10s"). */
export function quoted(value: string): Scalar<string> {
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

/** A scalar written plain: read by Kubernetes as what it looks like (30080 is a number, NodePort a string). */
export function plain(value: string): Scalar<string> {
  const scalar = new Scalar(value);
  scalar.type = Scalar.PLAIN;
  return scalar;
}

/** The string at `path`, or undefined when it is absent or not a scalar. */
export function stringAt(node: unknown, path: readonly (string | number)[]): string | undefined {
  const value = isMap(node) || isDocument(node) ? node.getIn(path, true) : undefined;
  return isScalar(value) && typeof value.value === "string" ? value.value : undefined;
}

/**
 * Records what patches change: each field (for the report) and each document
 * touched (re-stringified by joinManifests; the rest are copied as written).
 */
export class ChangeLog {
  readonly changes: ManifestChange[] = [];
  readonly changed = new Set<Document>();

  /** Sets `path` to `value`; nothing is recorded when the manifest already says exactly that. */
  set(document: Document, path: readonly (string | number)[], value: Scalar<string>): void {
    const from = stringAt(document, path);
    if (from === value.value) return;
    document.setIn(path, value);
    this.changed.add(document);
    this.changes.push({ object: label(document), path, from, to: value.value });
  }
}

/** The objects of a manifest as plain data, read the way the API server reads numbers and booleans. */
export function parseManifestObjects(text: string): Record<string, unknown>[] {
  const parsed = parseAllDocuments(text);
  const documents = Array.isArray(parsed) ? parsed : [];
  const problem = documents.flatMap((d) => d.errors)[0];
  if (problem) throw new Error(`The manifest is not valid YAML: ${problem.message.split("\n")[0]}`);
  return documents
    .map((d) => d.toJS({ maxAliasCount: -1 }) as unknown)
    .filter((o): o is Record<string, unknown> => typeof o === "object" && o !== null && !Array.isArray(o));
}
