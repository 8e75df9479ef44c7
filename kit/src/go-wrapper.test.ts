import { describe, expect, it } from "vitest";
import { goModuleFile } from "../../helpers/install/go-module-file.ts";
import { parseReplaces, stagingVersion, wrapperGoMod } from "./go-wrapper.ts";

const sample = `module example.com/upstream

go 1.26.3

require k8s.io/api v0.0.0

replace github.com/golang/protobuf => github.com/golang/protobuf v1.5.4 // pinned

replace (
	k8s.io/api => ./staging/src/k8s.io/api
	gopkg.in/yaml.v2 v2.2.0 => gopkg.in/yaml.v2 v2.4.0
)

replace example.com/nested/v3 => ./nested
`;

describe("wrapper modules", () => {
  it("reads single-line and block replace directives, comments dropped, versioned left sides by module", () => {
    expect(parseReplaces(sample)).toEqual([
      { from: "github.com/golang/protobuf", to: "github.com/golang/protobuf v1.5.4" },
      { from: "k8s.io/api", to: "./staging/src/k8s.io/api" },
      { from: "gopkg.in/yaml.v2", to: "gopkg.in/yaml.v2 v2.4.0" },
      { from: "example.com/nested/v3", to: "./nested" },
    ]);
  });

  it("carries versioned replaces, maps or drops local paths, requires the upstream and extras, keeps the go line", () => {
    const goMod = wrapperGoMod({
      name: "demo",
      upstream: { module: "example.com/upstream", version: "v1.2.3", goMod: sample },
      requires: [{ module: "example.com/nested/v3", version: "v1.2.3" }],
      localPath: (r) => (r.to.startsWith("./staging/") ? `k8s.io/api v0.36.3` : undefined),
    });
    expect(goMod).toContain("module kit.local/demo\n\ngo 1.26.3\n");
    expect(goMod).toContain("\texample.com/upstream v1.2.3\n\texample.com/nested/v3 v1.2.3\n");
    expect(goMod).toContain("\tk8s.io/api => k8s.io/api v0.36.3\n");
    expect(goMod).toContain("\tgopkg.in/yaml.v2 => gopkg.in/yaml.v2 v2.4.0\n");
    expect(goMod).not.toContain("./");
  });

  it("names Kubernetes' staging modules v0.N.M for v1.N.M and refuses anything else", () => {
    expect(stagingVersion("v1.36.3")).toBe("v0.36.3");
    expect(() => stagingVersion("v1.36.2+k3s1")).toThrow(/not a k8s.io\/kubernetes release/);
  });

  it("maps every one of k8s.io/kubernetes v1.36.3's local replaces to a served staging module", async () => {
    const goMod = (
      await goModuleFile({ module: "k8s.io/kubernetes", version: "v1.36.3" }, "go.mod")
    ).toString();
    const local = parseReplaces(goMod).filter((r) => r.to.startsWith("./"));
    expect(local.length).toBeGreaterThan(20);
    for (const r of local) expect(r.to).toBe(`./staging/src/${r.from}`);
  });
});
