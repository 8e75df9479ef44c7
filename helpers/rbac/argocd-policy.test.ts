import { describe, expect, it } from "vitest";
import { pinnedUpstreamText } from "../install/pinned-upstream";
import {
  COURSE_POLICY_LINES,
  enforce,
  globToRegExp,
  parsePolicy,
  readOnlyPolicyLines,
  rolesOf,
} from "./argocd-policy";

const builtinFile = await pinnedUpstreamText("argo-cd", "assets/builtin-policy.csv");
const modelFile = await pinnedUpstreamText("argo-cd", "assets/model.conf");
const builtin = () => builtinFile;

const APP = "default/m3-3-grade-api";
const ACCOUNT = "read-only-m3-3";
const ROLE = "role:gitops-conformance-readonly";

describe("globToRegExp (gobwas glob without separators)", () => {
  it("lets * cross '/', and keeps other characters literal", () => {
    expect(globToRegExp("*").test("default/app")).toBe(true);
    expect(globToRegExp("default/*").test("default/ns/app")).toBe(true);
    expect(globToRegExp("*/*").test("app")).toBe(false);
    expect(globToRegExp("update/*").test("update")).toBe(false);
    expect(globToRegExp("role:read.only").test("role:readXonly")).toBe(false);
    expect(globToRegExp("{get,sync}").test("sync")).toBe(true);
    expect(globToRegExp("a?c[0-9]").test("abc7")).toBe(true);
  });
});

describe("parsePolicy", () => {
  it("reads p and g lines, skips comments, rejects lines Argo CD would reject", () => {
    const policy = parsePolicy("# comment\np, role:x, applications, get, */*, allow\n\ng, alice, role:x");
    expect(policy.rules).toHaveLength(1);
    expect(policy.groupings).toEqual([["alice", "role:x"]]);
    expect(() => parsePolicy("p, role:x, applications, get, allow")).toThrow(/invalid RBAC policy line/);
    expect(rolesOf(policy, "alice")).toEqual(new Set(["alice", "role:x"]));
  });
});

describe("Argo CD v3.5.1's policy model, offline (builtin-policy.csv + the lab's lines)", () => {
  it(`matches the model this evaluator implements`, () => {
    const model = modelFile;
    expect(model).toContain("e = some(where (p.eft == allow)) && !some(where (p.eft == deny))");
    expect(model).toContain(
      "m = g(r.sub, p.sub) && globOrRegexMatch(r.res, p.res) && globOrRegexMatch(r.act, p.act) && globOrRegexMatch(r.obj, p.obj)",
    );
  });

  it(`the course's lines as written take sync away from admin too`, () => {
    const before = parsePolicy(builtin());
    expect(enforce(before, "admin", "applications", "sync", APP).allowed).toBe(true);
    const course = parsePolicy(builtin(), ...COURSE_POLICY_LINES);
    expect(enforce(course, "admin", "applications", "sync", APP)).toEqual({
      allowed: false,
      allowedBy: ["p, role:admin, applications, sync, */*, allow"],
      deniedBy: ["p, role:readonly, applications, sync, *, deny"],
    });
  });

  it(`the suite's lines: the account may get, see logs, not sync, update or delete; admin keeps everything`, () => {
    const policy = parsePolicy(builtin(), ...readOnlyPolicyLines(ACCOUNT, ROLE));
    const can = (sub: string, res: string, act: string) => enforce(policy, sub, res, act, APP).allowed;
    expect(can(ACCOUNT, "applications", "get")).toBe(true);
    expect(can(ACCOUNT, "logs", "get")).toBe(true);
    expect(can(ACCOUNT, "applications", "sync")).toBe(false);
    expect(enforce(policy, ACCOUNT, "applications", "sync", APP)).toEqual({
      allowed: false,
      allowedBy: ["p, role:gitops-conformance-team, applications, sync, */*, allow"],
      deniedBy: ["p, role:gitops-conformance-readonly, applications, sync, *, deny"],
    });
    // Without the course's deny line (M3.3's control) the team's grant lets the account sync.
    const withoutDeny = parsePolicy(builtin(), ...readOnlyPolicyLines(ACCOUNT, ROLE, { deny: false }));
    expect(enforce(withoutDeny, ACCOUNT, "applications", "sync", APP).allowed).toBe(true);
    expect(can(ACCOUNT, "applications", "update")).toBe(false);
    expect(can(ACCOUNT, "applications", "delete")).toBe(false);
    for (const action of ["get", "sync", "update", "delete"])
      expect(can("admin", "applications", action)).toBe(true);
    // A local account mapped to nothing can do nothing: policy.default is empty in the install.
    expect(can("someone-else", "applications", "get")).toBe(false);
  });
});
