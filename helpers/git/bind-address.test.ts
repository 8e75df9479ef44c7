import { describe, expect, it } from "vitest";
import { SettingError } from "../project/setting-error";
import { isWildcardAddress, requiredGitBindAddress, wildcardExposure } from "./bind-address";

describe("LAB_GIT_BIND_ADDRESS", () => {
  it("is the address given, trimmed", () => {
    const here = () => ["127.0.0.1", "172.17.0.1", "::1"];
    expect(requiredGitBindAddress({ LAB_GIT_BIND_ADDRESS: " 172.17.0.1 " }, here)).toBe("172.17.0.1");
    expect(requiredGitBindAddress({ LAB_GIT_BIND_ADDRESS: "0.0.0.0" }, here)).toBe("0.0.0.0");
    for (const [value, problem] of [
      ["localhost", /not an IP address/],
      ["not an address", /not an IP address/],
      ["127.0.0.1", /loopback, which the cluster's pods cannot reach/],
      ["::1", /loopback/],
      ["10.9.8.7", /not an address of this machine \(its interfaces have 127\.0\.0\.1, 172\.17\.0\.1, ::1\)/],
    ] as const)
      expect(() => requiredGitBindAddress({ LAB_GIT_BIND_ADDRESS: value }, here)).toThrow(problem);
  });

  it.each([
    [{}, "unset"],
    [{ LAB_GIT_BIND_ADDRESS: "  " }, "empty"],
  ])("refuses %j (%s), saying where to find one", (env, how) => {
    expect(() => requiredGitBindAddress(env)).toThrow(SettingError);
    expect(() => requiredGitBindAddress(env)).toThrow(
      `LAB_CLUSTER=existing needs LAB_GIT_BIND_ADDRESS, and it is ${how}: it is the address of this machine that the cluster's pods can reach`,
    );
    expect(() => requiredGitBindAddress(env)).toThrow(
      "Set it, e.g. LAB_GIT_BIND_ADDRESS=172.17.0.1 npm test.",
    );
  });

  it("knows the wildcards, which listen on every interface", () => {
    expect(isWildcardAddress("0.0.0.0")).toBe(true);
    expect(isWildcardAddress("0:0:0:0:0:0:0:0")).toBe(true);
    expect(isWildcardAddress("::1")).toBe(false);
    expect(isWildcardAddress("::")).toBe(true);
    expect(isWildcardAddress("172.17.0.1")).toBe(false);
    expect(isWildcardAddress("127.0.0.1")).toBe(false);
  });

  it("says what a wildcard exposes: every lab repo, to clone and push, and through Argo CD the cluster", () => {
    const text = wildcardExposure("0.0.0.0");
    expect(text).toContain(
      "LAB_GIT_BIND_ADDRESS=0.0.0.0 makes the suite's Git server listen on every network interface",
    );
    expect(text).toContain("plain HTTP Basic auth");
    expect(text).toContain("can clone every lab repo of the run and push to them");
    expect(text).toContain("Argo CD applies what is pushed to the cluster");
    expect(text).not.toContain("\n");
  });
});
