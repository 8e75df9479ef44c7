import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { execute } from "../exec/run-command";
import { PROJECT_ROOT } from "./paths";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "import-rules-"));
  await writeFile(path.join(dir, "tsconfig.json"), "{}");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A tiny tree checked with the project's own rules, as `npm run deps` checks the real one. */
async function cruise(files: Record<string, string>) {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  const run = await execute(
    [
      path.join(PROJECT_ROOT, "node_modules/.bin/depcruise"),
      "helpers",
      "--config",
      path.join(PROJECT_ROOT, ".dependency-cruiser.cjs"),
    ],
    { cwd: dir },
  );
  return { exitCode: run.exitCode, output: run.stdout + run.stderr };
}

describe("the import rules of npm run check", () => {
  it("refuse an import cycle", async () => {
    const run = await cruise({
      "helpers/kube/a.ts": 'import { b } from "./b";\nexport const a = () => b;\n',
      "helpers/kube/b.ts": 'import { a } from "./a";\nexport const b = () => a;\n',
    });
    expect(run.exitCode).not.toBe(0);
    expect(run.output).toContain("no-cycle");
  });

  it("refuse a helper below the lab that imports the lab", async () => {
    const run = await cruise({
      "helpers/lab/lab-context.ts": "export const lab = 1;\n",
      "helpers/argocd/config.ts": 'import { lab } from "../lab/lab-context";\nexport const c = lab;\n',
    });
    expect(run.exitCode).not.toBe(0);
    expect(run.output).toContain("middle-imports-lab");
  });

  it("accept imports that point down", async () => {
    const run = await cruise({
      "helpers/wait/wait.ts": "export const w = 1;\n",
      "helpers/argocd/config.ts": 'import { w } from "../wait/wait";\nexport const c = w;\n',
    });
    expect(run.output).not.toContain("error");
    expect(run.exitCode).toBe(0);
  });
});
