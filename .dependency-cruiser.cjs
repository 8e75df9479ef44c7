// Import rules `npm run check` enforces (dependency-cruiser). Layers point one way:
// suites → helpers/lab → middle (argocd, rollouts, kube, git, ci, install, cluster, rbac, ui, preflight)
// → base (wait, exec, report, catalog) → project (pinned versions, paths).
const MIDDLE = "(argocd|rollouts|kube|git|ci|install|cluster|rbac|ui|preflight)";
const BASE = "(wait|exec|report|catalog)";

module.exports = {
  forbidden: [
    {
      name: "no-cycle",
      severity: "error",
      comment: "Modules must not import each other, directly or around a loop.",
      from: {},
      to: { circular: true },
    },
    {
      name: "helpers-import-suites",
      severity: "error",
      from: { path: "^(helpers|kit)/" },
      to: { path: "^suites/" },
    },
    {
      name: "helpers-import-clis",
      severity: "error",
      from: { path: "^helpers/(?!cli/)" },
      to: { path: "^(helpers/cli|kit/cli)/" },
    },
    { name: "helpers-import-kit", severity: "error", from: { path: "^helpers/" }, to: { path: "^kit/" } },
    {
      name: "middle-imports-lab",
      severity: "error",
      from: { path: `^helpers/${MIDDLE}/` },
      to: { path: "^helpers/lab/" },
    },
    {
      name: "only-lab-boots-the-cluster",
      severity: "error",
      comment: "cluster boots and installs; what it uses must not reach back into it.",
      from: { path: `^helpers/${MIDDLE}/`, pathNot: "^helpers/cluster/" },
      to: { path: "^helpers/cluster/" },
    },
    {
      name: "base-imports-upward",
      severity: "error",
      from: { path: `^helpers/${BASE}/` },
      to: { path: `^helpers/(lab|${MIDDLE.slice(1, -1)})/` },
    },
    {
      name: "project-imports-helpers",
      severity: "error",
      from: { path: "^helpers/project/" },
      to: { path: "^helpers/(?!project/)" },
    },
  ],
  options: {
    // TypeScript 7 has no JavaScript API for dependency-cruiser to parse with; swc reads TypeScript.
    parser: "swc",
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    // swc's walker in dependency-cruiser does not know `using` declarations (self-tests use them);
    // tests are leaves nothing imports, so no cycle can pass through one.
    exclude: { path: ["node_modules", "\\.test\\.ts$"] },
  },
};
