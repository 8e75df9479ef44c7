import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import {
  ChangeLog,
  describeChange,
  joinManifests,
  parseManifestObjects,
  plain,
  quoted,
  requireDocument,
  splitManifests,
} from "./manifest-stream";

const STREAM = `# generated, do not edit
apiVersion: v1
kind: ConfigMap
metadata:
  name: first
data:
  mode: 0644
  flag: yes
  big: 1e3
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: second
data:
  mode: 0644
  long: some text that a YAML printer with a line width would fold onto a second line if it could
`;

describe("manifest streams", () => {
  it("joins unchanged documents back byte for byte, leading comment included", () => {
    const documents = splitManifests(STREAM);
    expect(documents).toHaveLength(2);
    expect(joinManifests(documents, new Set())).toBe(STREAM);
  });

  it("re-stringifies only changed documents, keeping scalars exactly as written (0644 stays 0644)", () => {
    const documents = splitManifests(STREAM);
    const log = new ChangeLog();
    const first = requireDocument(documents, "ConfigMap", "first");
    log.set(first, ["data", "added"], quoted("true"));
    log.set(first, ["data", "port"], plain("30080"));
    log.set(first, ["data", "mode"], plain("0644")); // same value: no change recorded
    const out = joinManifests(documents, log.changed, [
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n",
    ]);
    expect(log.changes.map(describeChange)).toEqual([
      'ConfigMap first: data.added (unset) → "true"',
      'ConfigMap first: data.port (unset) → "30080"',
    ]);
    expect(out).toContain("  mode: 0644\n  flag: yes\n  big: 1e3\n");
    expect(out).toContain('  added: "true"\n  port: 30080\n');
    expect(out.endsWith(documents[1]?.source ?? "?")).toBe(true);
    // Under the YAML 1.1 reading kubectl uses, 0644 is still the octal 420 it was.
    const v11 = parseAllDocuments(out, { version: "1.1" }).map((d) => d.toJS());
    expect(v11[1]?.data).toMatchObject({ mode: 420, flag: true, added: "true", port: 30080 });
    expect(v11[0]).toEqual({ apiVersion: "v1", kind: "Namespace", metadata: { name: "ns" } });
  });

  it("reads objects the way the API server does (numbers are numbers)", () => {
    const [first] = parseManifestObjects(STREAM);
    expect(first?.data).toMatchObject({ mode: 644, big: 1000 });
  });

  it("refuses text that is not YAML, in one line", () => {
    expect(() => splitManifests("<html>\n  <body>: [oops\n")).toThrow(/^The manifest is not valid YAML: /);
  });

  it("says which object is missing when a patch target is not in the manifest", () => {
    expect(() => requireDocument(splitManifests(STREAM), "Service", "argocd-server")).toThrow(
      "The install manifest has no Service argocd-server, which the harness patches. The upstream layout changed: update helpers/install for this version.",
    );
  });
});
