import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PRODUCTION_CRASH, withProductionCrash } from "./production-crash";

const APP_JS = path.resolve(import.meta.dirname, "../../fixtures/app/grade-submission-api/app.js");
let dir: string | undefined;

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Runs an app.js as the container does (node app.js), on a free port; resolves with its exit code and stderr. */
async function run(appJs: string): Promise<{ code: number | null; stderr: string }> {
  dir = await mkdtemp(path.join(tmpdir(), "production-crash-"));
  await writeFile(path.join(dir, "app.js"), appJs);
  const child = spawn(process.execPath, ["app.js"], { cwd: dir, env: { ...process.env, PORT: "0" } });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stderr };
}

describe("the course's Task 4 crash", () => {
  it("adds exactly the course's line to app.js", async () => {
    const original = await readFile(APP_JS, "utf8");
    const broken = withProductionCrash(original);
    const added = broken.split("\n").filter((line) => !original.split("\n").includes(line));
    expect(added).toEqual([PRODUCTION_CRASH]);
  });

  it("makes the app exit at start with code 1 and the error on stderr, as a crash-looping pod does", async () => {
    const { code, stderr } = await run(withProductionCrash(await readFile(APP_JS, "utf8")));
    expect(code).toBe(1);
    expect(stderr).toContain("Error: Production crash");
  });

  it("refuses an app.js it cannot place the crash in", () => {
    expect(() => withProductionCrash("console.log('hi')")).toThrow(
      'app.js has no "server.listen(" to put the crash before',
    );
  });
});
