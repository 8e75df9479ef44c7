import { describe, expect, it } from "vitest";
import { DEFAULT_PINS, resolvePins } from "./versions";

describe("version pins", () => {
  it("are the defaults when the environment says nothing", () => {
    expect(resolvePins({})).toEqual(DEFAULT_PINS);
  });

  it("can each be overridden from the environment, for the nightly version matrix", () => {
    expect(
      resolvePins({
        K3S_IMAGE: "rancher/k3s:v1.37.1-k3s1",
        ARGOCD_VERSION: "v3.6.0",
        ROLLOUTS_VERSION: " v1.10.0 ",
      }),
    ).toEqual({
      ...DEFAULT_PINS,
      k3sImage: "rancher/k3s:v1.37.1-k3s1",
      argoCdVersion: "v3.6.0",
      rolloutsVersion: "v1.10.0",
    });
    expect(resolvePins({ ARGOCD_VERSION: "" }).argoCdVersion).toBe(DEFAULT_PINS.argoCdVersion);
  });
});
