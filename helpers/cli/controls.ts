/**
 * npm run test:controls: every lab's negative controls on the shared cluster.
 * A control passes when its lab, run with the course's mechanism switched off
 * (or its action skipped), fails at the expectation about that mechanism.
 * Prints one line per control and "N controls caught"; exits non-zero when
 * any control is not caught.
 */
import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import { CONTROL_VERDICTS_FILE, readControlVerdicts } from "../lab/control-record";
import { CONTROLS_ENV } from "../lab/lab-control";
import { PROJECT_ROOT } from "../project/paths";
import { TIMEOUT_SCALE_ENV } from "../wait/timeouts";

const root = PROJECT_ROOT;

async function main(): Promise<number> {
  await rm(CONTROL_VERDICTS_FILE, { force: true });
  const env = {
    ...process.env,
    [CONTROLS_ENV]: "1",
    // A control fails by a wait that never passes: half the timeouts keep that wait short. A
    // timeout too short for an unrelated wait shows as "failed elsewhere", never as caught.
    [TIMEOUT_SCALE_ENV]: process.env[TIMEOUT_SCALE_ENV] ?? "0.5",
    ALLURE_RESULTS_DIR: process.env.ALLURE_RESULTS_DIR ?? path.join(root, "reports/controls/allure-results"),
  };
  const vitest = spawn("npx", ["vitest", "run", "--project", "labs", "--retry=0", ...process.argv.slice(2)], {
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
