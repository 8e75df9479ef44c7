import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { execute } from "../exec/run-command";
import { commandLine } from "../exec/transcript";
import { localBin } from "../project/local-bin";
import { SETUP_FAILURE_FILE } from "./global-setup";

// DOCKER_HOST names a socket that does not exist. testcontainers would fall back from it to
// this machine's own Docker, where there is one; the preflight does not, so this runs everywhere.
describe("the lab tier without the Docker DOCKER_HOST names", () => {
  it("stops within 15 s with one paragraph and no stack trace, and leaves the paragraph for CI", async () => {
    const results = await mkdtemp(path.join(tmpdir(), "labs-no-docker-"));
    try {
      const started = performance.now();
      const run = await execute(localBin("vitest", "run", "--project", "labs"), {
        env: {
          ...process.env,
          DOCKER_HOST: `unix://${path.join(results, "no-docker.sock")}`,
          ALLURE_RESULTS_DIR: results,
          LAB: "T01",
        },
      });
      const output = `${run.stdout}\n${run.stderr}`;
      expect(run.exitCode).not.toBe(0);
      expect(performance.now() - started).toBeLessThan(15_000);
      expect(output).toMatch(
        /Infrastructure: Docker is not reachable at unix:\/\/\S+no-docker\.sock, which DOCKER_HOST names[^\n]*npm run test:self\./,
      );
      expect(/^\s+at /m.test(output), "a stack trace was printed").toBe(false);
      expect(await readFile(SETUP_FAILURE_FILE, "utf8")).toMatch(/^Infrastructure: Docker is not reachable/);
    } finally {
      await rm(results, { recursive: true, force: true });
    }
  }, 30_000);

  // On a terminal, vitest's summary renderer replaces stderr.write and drops a callback passed
  // second: the setup's exit(1) never ran, and the run ended by itself with exit code 0.
  const scriptHere = process.platform === "linux" && existsSync("/usr/bin/script");
  it.skipIf(!scriptHere)(
    "fails with a non-zero exit code on a terminal too (run under script(1))",
    async () => {
      const results = await mkdtemp(path.join(tmpdir(), "labs-no-docker-tty-"));
      try {
        const run = await execute(
          [
            "script",
            "-qec",
            commandLine(localBin("vitest", "run", "--project", "labs")),
            path.join(results, "typescript"),
          ],
          {
            env: {
              ...process.env,
              DOCKER_HOST: `unix://${path.join(results, "no-docker.sock")}`,
              ALLURE_RESULTS_DIR: results,
              LAB: "T01",
            },
          },
        );
        expect(run.stdout).toMatch(/Infrastructure: Docker is not reachable/);
        expect(run.exitCode).toBe(1);
      } finally {
        await rm(results, { recursive: true, force: true });
      }
    },
    30_000,
  );
});
