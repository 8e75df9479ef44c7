// Lab-shaped specs with a known number of failing attempts, run by
// flaky.test.ts with `retry: 1` as in the labs project. A counter file per
// test (in FLAKY_COUNTER_DIR) says which attempt this is: no timing involved.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { attachText } from "../attach";
import { labelLab } from "../labels";
import { step } from "../step";

/** 1 on the first attempt, 2 on the second… */
function attemptNumber(test: string): number {
  const file = path.join(process.env.FLAKY_COUNTER_DIR ?? "", `${test}.count`);
  const attempt = (existsSync(file) ? Number(readFileSync(file, "utf8")) : 0) + 1;
  writeFileSync(file, String(attempt));
  return attempt;
}

it("a sample lab that fails once, then passes on retry", async () => {
  await labelLab({ id: "T97", project: "Sample project", module: "Sample module", title: "Flaky lab" });
  const attempt = attemptNumber("flaky");
  await step(`Human: act (attempt ${attempt})`, async () => {
    await attachText("what was seen", `attempt ${attempt}`);
  });
  expect(attempt, "the app's health on this attempt").toBeGreaterThan(1);
});

it("a sample lab that fails on every attempt", async () => {
  await labelLab({ id: "T96", project: "Sample project", module: "Sample module", title: "Broken lab" });
  attemptNumber("broken");
  expect("Degraded", "the app's health").toBe("Healthy");
});

it("a sample lab that passes at once", async () => {
  await labelLab({ id: "T95", project: "Sample project", module: "Sample module", title: "Steady lab" });
  attemptNumber("steady");
  await step("Human: act", async () => {});
});
