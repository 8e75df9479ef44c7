import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NO_SHARED_REASON, sharedFile } from "../catalog/shared-folder";
import { DEFAULT_PINS } from "../cluster/versions";
import { manifestSource, PINNED_MANIFESTS } from "./pinned-manifests";

describe("pinned install manifests", () => {
  for (const pinned of PINNED_MANIFESTS) {
    const copy = sharedFile(...pinned.sharedCopy);
    it.skipIf(!copy)(
      `${pinned.component} ${pinned.version}: the shared upstream copy hashes to the pinned sum ${copy ? "" : `(${NO_SHARED_REASON})`}`,
      () => {
        const sum = createHash("sha256")
          .update(readFileSync(copy ?? ""))
          .digest("hex");
        expect(sum).toBe(pinned.sha256);
      },
    );
  }

  it("pins the default versions and downloads the files the sums cover (repository paths at the tag)", () => {
    expect(manifestSource("argo-cd", DEFAULT_PINS.argoCdVersion)).toEqual({
      url: "https://raw.githubusercontent.com/argoproj/argo-cd/v3.5.1/manifests/install.yaml",
      sha256: "795a3a972224da6a7f9d32c3e946445f062b60fb46028476715affeb688236e3",
    });
    expect(manifestSource("argo-rollouts", DEFAULT_PINS.rolloutsVersion)).toEqual({
      url: "https://raw.githubusercontent.com/argoproj/argo-rollouts/v1.9.1/manifests/install.yaml",
      sha256: "2701f5ff276e2a41b41d4d7cf8beeb7a62c6c850a34b71f031a29bbb656d543b",
    });
  });

  it("has no sum for a version from the env matrix: it is downloaded unverified", () => {
    expect(manifestSource("argo-cd", "v3.6.0")).toEqual({
      url: "https://raw.githubusercontent.com/argoproj/argo-cd/v3.6.0/manifests/install.yaml",
      sha256: undefined,
    });
  });
});
