import { describe, expect, it } from "vitest";
import { SettingError } from "./setting-error";
import { argoCdInstallUrl, DEFAULT_PINS, resolvePin, resolvePins, rolloutsInstallUrl } from "./versions";

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

/** The SettingError `read` throws; fails the test when it throws none. */
function refusal(read: () => unknown): SettingError {
  try {
    read();
  } catch (error) {
    if (error instanceof SettingError) return error;
    throw error;
  }
  throw new Error("the version was accepted");
}

describe("Argo CD and Argo Rollouts versions", () => {
  it("take release tags, and release candidates", () => {
    expect(resolvePins({ ARGOCD_VERSION: "v3.7.0-rc1", ROLLOUTS_VERSION: "v1.10.0" })).toMatchObject({
      argoCdVersion: "v3.7.0-rc1",
      rolloutsVersion: "v1.10.0",
    });
    expect(resolvePin("argoCdVersion", { ARGOCD_VERSION: "v2.14.2" })).toBe("v2.14.2");
  });

  it.each([
    ["ARGOCD_VERSION", "../argo-rollouts/v1.9.1"],
    ["ARGOCD_VERSION", "v3.6.1/../../../argoproj/argo-rollouts/v1.9.1"],
    ["ARGOCD_VERSION", "master"],
    ["ARGOCD_VERSION", "3.6.1"],
    ["ROLLOUTS_VERSION", "v1.9"],
    ["ROLLOUTS_VERSION", "latest"],
    ["ROLLOUTS_VERSION", "v1.9.1?x=1"],
  ])("refuse %s=%s in one paragraph: the value, the form, what to set", (variable, value) => {
    const error = refusal(() => resolvePins({ [variable]: value }));
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(`${variable}=${JSON.stringify(value)} is not a release version`);
    expect(error.message).toContain("a tag of the form v1.2.3 (or v1.2.3-rc1)");
    expect(error.message).toMatch(new RegExp(`Set it to a released tag, e.g. ${variable}=v\\d`));
    expect(error.message).not.toContain("\n");
  });

  // Whatever the caller, `../` never becomes part of a download URL.
  it("are checked again where the install URLs are built", () => {
    expect(refusal(() => argoCdInstallUrl("v3.6.1/../../argo-rollouts/v1.9.1")).variable).toBe(
      "ARGOCD_VERSION",
    );
    expect(refusal(() => rolloutsInstallUrl("../../argo-cd/v3.6.1")).variable).toBe("ROLLOUTS_VERSION");
    expect(argoCdInstallUrl("v3.6.1")).toBe(
      "https://raw.githubusercontent.com/argoproj/argo-cd/v3.6.1/manifests/install.yaml",
    );
    expect(rolloutsInstallUrl("v1.9.1")).toBe(
      "https://raw.githubusercontent.com/argoproj/argo-rollouts/v1.9.1/manifests/install.yaml",
    );
  });
});
