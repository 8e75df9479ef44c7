// A tiny lab-shaped spec, run by report.test.ts through vitest and the Allure
// reporter to prove what the report records. Not part of either project.
import { expect, it } from "vitest";
import { runStep } from "../../exec/run-command";
import { attachText } from "../attach";
import { labelLab } from "../labels";
import { registerSecret } from "../redaction";
import { step } from "../step";

import { PLANTED_SECRET } from "./planted-secret";

it("a sample lab reports its labels, nested steps and transcripts", async () => {
  await labelLab({ id: "T99", project: "Sample project", module: "Sample module", title: "Sample lab" });
  registerSecret(PLANTED_SECRET);
  await step("Human: run a command", async () => {
    await runStep("git --version", ["git", "--version"]);
    await step("Nested: note what was seen", async () => {
      await attachText("observation", `the admin password is ${PLANTED_SECRET}`);
    });
  });
  expect(1).toBe(1);
});

it("a sample lab whose promised refusal is a passed step", async () => {
  await labelLab({ id: "T94", project: "Sample project", module: "Sample module", title: "Refusing lab" });
  const refusal = new Error("permission denied");
  const promised = (error: unknown) => (error === refusal ? "refused, as the course promises" : undefined);
  await expect(step("User: sync", () => Promise.reject(refusal), { expectedRefusal: promised })).rejects.toBe(
    refusal,
  );
  await expect(
    step("User: delete", () => Promise.reject(new Error("socket hang up")), { expectedRefusal: promised }),
  ).rejects.toThrow("socket hang up");
});

it("a sample lab that fails on its assertion", async () => {
  await labelLab({ id: "T98", project: "Sample project", module: "Sample module", title: "Failing lab" });
  expect("Synced", "the app's sync status").toBe("OutOfSync");
});
