import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEFAULT_PINS } from "../project/versions";
import { goModuleFile } from "./go-module-file";
import { manifestSource, PINNED_MANIFESTS } from "./pinned-manifests";

describe("pinned install manifests", () => {
  for (const pinned of PINNED_MANIFESTS) {
    it(`${pinned.component} ${pinned.version}: the pinned Go module's copy hashes to the pinned sum`, async () => {
      const source = manifestSource(pinned.component, pinned.version);
      const bytes = await goModuleFile(source.goModule, source.goModule.file);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(pinned.sha256);
    });
  }

  it("pins the default versions and downloads the files the sums cover (repository paths at the tag)", () => {
    expect(manifestSource("argo-cd", DEFAULT_PINS.argoCdVersion)).toEqual({
      url: "https://raw.githubusercontent.com/argoproj/argo-cd/v3.6.1/manifests/install.yaml",
      goModule: {
        module: "github.com/argoproj/argo-cd/v3",
        version: "v3.6.1",
        file: "manifests/install.yaml",
      },
      sha256: "7be23ca7d9ca3d3074dee8332f1ca92a933b990cee7c9cf22cf3843ee8c2913e",
    });
    expect(manifestSource("argo-rollouts", DEFAULT_PINS.rolloutsVersion)).toEqual({
      url: "https://raw.githubusercontent.com/argoproj/argo-rollouts/v1.9.1/manifests/install.yaml",
      goModule: {
        module: "github.com/argoproj/argo-rollouts",
        version: "v1.9.1",
        file: "manifests/install.yaml",
      },
      sha256: "2701f5ff276e2a41b41d4d7cf8beeb7a62c6c850a34b71f031a29bbb656d543b",
    });
  });

  it("has no sum for a version from the env matrix: it is downloaded unverified", () => {
    expect(manifestSource("argo-cd", "v3.6.0")).toEqual({
      url: "https://raw.githubusercontent.com/argoproj/argo-cd/v3.6.0/manifests/install.yaml",
      goModule: {
        module: "github.com/argoproj/argo-cd/v3",
        version: "v3.6.0",
        file: "manifests/install.yaml",
      },
      sha256: undefined,
    });
    expect(manifestSource("argo-cd", "v2.14.2").goModule.module).toBe("github.com/argoproj/argo-cd/v2");
  });
});
