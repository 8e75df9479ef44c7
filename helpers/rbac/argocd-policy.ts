/**
 * Argo CD's RBAC policy (argocd-rbac-cm policy.csv): the course's lines, the version the
 * suite writes, and an offline evaluator of the casbin model Argo CD v3.5.1 uses
 * (assets/model.conf): allow when some `p` line allows and no `p` line denies, subjects
 * related through `g` lines (transitively), every field matched as a glob compiled without
 * separators, so `*` also matches `default/app` (util/rbac/rbac.go globOrRegexMatch).
 * The built-in policy (assets/builtin-policy.csv) is loaded first and user lines are added to it.
 */

export interface PolicyRule {
  subject: string;
  resource: string;
  action: string;
  object: string;
  effect: "allow" | "deny";
}

export interface Policy {
  rules: PolicyRule[];
  /** `g, <member>, <role>` */
  groupings: [member: string, role: string][];
}

/** The course's Lab 3.3 policy.csv, as written. */
export const COURSE_POLICY_LINES = [
  "p, role:readonly, applications, get, *, allow",
  "p, role:readonly, applications, sync, *, deny",
] as const;

/**
 * What the suite writes instead, and why: the built-in `role:admin` inherits
 * `role:readonly` (`g, role:admin, role:readonly`), and a deny always wins, so the course's
 * deny on `role:readonly` would take sync away from admin as well. The same two lines on a
 * role of their own, which inherits `role:readonly` (so logs stay viewable, as the course's
 * Lab 3.4 expects), and the account mapped to that role ("Map users to role").
 */
export function readOnlyPolicyLines(
  account: string,
  role: string,
  options: { deny?: boolean } = {},
): string[] {
  return [
    `p, ${role}, applications, get, *, allow`,
    ...(options.deny === false ? [] : [`p, ${role}, applications, sync, *, deny`]),
    `g, ${role}, role:readonly`,
    `g, ${account}, ${role}`,
    // The account's team may sync: without the course's deny line the account could, so a refusal proves the deny.
    `p, ${COURSE_TEAM_ROLE}, applications, sync, */*, allow`,
    `g, ${account}, ${COURSE_TEAM_ROLE}`,
  ];
}

/** A role that grants sync, which the account also holds: only the deny line can take sync away. */
export const COURSE_TEAM_ROLE = "role:gitops-conformance-team";

function fields(line: string): string[] {
  return line.split(",").map((f) => f.trim());
}

/** Parses policy CSV text; throws on a line Argo CD would reject ("invalid RBAC policy"). */
export function parsePolicy(...texts: string[]): Policy {
  const policy: Policy = { rules: [], groupings: [] };
  for (const line of texts.join("\n").split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const f = fields(trimmed);
    if (f[0] === "p" && f.length === 6) {
      const effect = f[5];
      if (effect !== "allow" && effect !== "deny")
        throw new Error(`invalid effect in policy line: ${trimmed}`);
      policy.rules.push({
        subject: f[1] ?? "",
        resource: f[2] ?? "",
        action: f[3] ?? "",
        object: f[4] ?? "",
        effect,
      });
    } else if (f[0] === "g" && f.length === 3) {
      policy.groupings.push([f[1] ?? "", f[2] ?? ""]);
    } else {
      throw new Error(`invalid RBAC policy line: ${trimmed}`);
    }
  }
  return policy;
}

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/]/g;

/** A gobwas/glob pattern without separators as a RegExp: `*`, `?`, `[...]`, `{a,b}`, `\` escapes. */
export function globToRegExp(pattern: string): RegExp {
  let out = "";
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? "";
    if (c === "\\" && i + 1 < pattern.length) {
      out += (pattern[++i] ?? "").replace(REGEX_SPECIAL, "\\$&");
    } else if (c === "*") out += ".*";
    else if (c === "?") out += ".";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) out += "\\[";
      else {
        const body = pattern.slice(i + 1, end);
        out += `[${body.startsWith("!") ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else if (c === "{") {
      braces++;
      out += "(?:";
    } else if (c === "}" && braces > 0) {
      braces--;
      out += ")";
    } else if (c === "," && braces > 0) out += "|";
    else out += c.replace(REGEX_SPECIAL, "\\$&");
  }
  return new RegExp(`^${out}$`, "s");
}

function matches(value: string, pattern: string): boolean {
  return pattern === value || globToRegExp(pattern).test(value);
}

/** The subject and every role it reaches through `g` lines. */
export function rolesOf(policy: Policy, subject: string): Set<string> {
  const reached = new Set([subject]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [member, role] of policy.groupings) {
      if (reached.has(member) && !reached.has(role)) {
        reached.add(role);
        grew = true;
      }
    }
  }
  return reached;
}

export interface Decision {
  allowed: boolean;
  /** The lines that matched, in policy.csv form, for the report. */
  allowedBy: string[];
  deniedBy: string[];
}

function show(r: PolicyRule): string {
  return `p, ${r.subject}, ${r.resource}, ${r.action}, ${r.object}, ${r.effect}`;
}

/** casbin's `some(allow) && !some(deny)` over every rule whose subject the request's subject reaches. */
export function enforce(
  policy: Policy,
  subject: string,
  resource: string,
  action: string,
  object: string,
): Decision {
  const subjects = rolesOf(policy, subject);
  const hits = policy.rules.filter(
    (r) =>
      subjects.has(r.subject) &&
      matches(resource, r.resource) &&
      matches(action, r.action) &&
      matches(object, r.object),
  );
  const allowedBy = hits.filter((r) => r.effect === "allow").map(show);
  const deniedBy = hits.filter((r) => r.effect === "deny").map(show);
  return { allowed: allowedBy.length > 0 && deniedBy.length === 0, allowedBy, deniedBy };
}
