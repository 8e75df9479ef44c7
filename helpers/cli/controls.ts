/**
 * npm run test:controls: every lab's negative controls on the shared cluster.
 * A control passes when its lab, run with the course's mechanism switched off
 * (or its action skipped), fails at the expectation about that mechanism.
 * Prints one line per control and "N controls caught"; exits non-zero when
 * any control is not caught.
 */
import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { CONTROL_VERDICTS_FILE, readControlVerdicts } from "../lab/control-record";
import { CONTROLS_ENV } from "../lab/lab-control";
import { CONCURRENCY_ENV } from "../project/concurrency";
import { PROJECT_ROOT } from "../project/paths";
import { TIMEOUT_SCALE_ENV } from "../wait/timeouts";
import { CONTROLS_RESULTS_DIR } from "./course-run";

const root = PROJECT_ROOT;
/** Spec files at once in a controls run (LAB_CONCURRENCY overrides): measured on 2 CPUs, see README. */
const CONTROLS_CONCURRENCY = 6;

async function main(): Promise<number> {
  await rm(CONTROL_VERDICTS_FILE, { force: true });
  const env = {
    ...process.env,
    [CONTROLS_ENV]: "1",
    // A control fails by a wait that never passes: half the timeouts keep that wait short. A
    // timeout too short for an unrelated wait shows as "failed elsewhere", never as caught.
    [TIMEOUT_SCALE_ENV]: process.env[TIMEOUT_SCALE_ENV] ?? "0.5",
    ALLURE_RESULTS_DIR: process.env.ALLURE_RESULTS_DIR ?? CONTROLS_RESULTS_DIR,
    // Controls wait on controllers for what never comes, so more share the cluster than labs do.
    [CONCURRENCY_ENV]: process.env[CONCURRENCY_ENV] ?? String(CONTROLS_CONCURRENCY),
  };
  // A lab's controls at once too: each has its own namespace, and one file's controls in a row
  // made the run as long as its slowest file's sum (T05, T06: 4.5 min each).
  const args = ["vitest", "run", "--project", "labs", "--retry=0", "--sequence.concurrent"];
  const vitest = spawn("npx", [...args, ...process.argv.slice(2)], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  const code = await new Promise<number>((resolve) => vitest.on("close", (c) => resolve(c ?? 1)));
  const verdicts = (await readControlVerdicts()).sort((a, b) =>
    a.labId.localeCompare(b.labId, "en", { numeric: true }),
  );
  console.log("\nNegative controls:");
  for (const v of verdicts) console.log(`  ${v.labId.padEnd(5)} ${v.switchedOff}: ${v.line}`);
  const caught = verdicts.filter((v) => v.caught).length;
  console.log(`${caught} controls caught, ${verdicts.length - caught} not caught`);
  return code !== 0 || caught < verdicts.length ? 1 : 0;
}

process.exitCode = await main();
