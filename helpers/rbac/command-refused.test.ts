import { describe, expect, it } from "vitest";
import type { CommandTranscript } from "../exec/transcript";
import { forbiddenVerdict } from "./command-refused";

const command = "kubectl -n m3-2-ab12 scale deployment grade-submission-api --replicas=5 --as dev-user";
const forbidden =
  'Error from server (Forbidden): deployments.apps "grade-submission-api" is forbidden: User "dev-user" cannot patch resource "deployments/scale" in API group "apps" in the namespace "m3-2-ab12"';
const run = (exitCode: number, stderr: string, stdout = ""): CommandTranscript => ({
  command,
  stdout,
  stderr,
  exitCode,
  durationMs: 120,
});

describe("forbiddenVerdict", () => {
  it("passes on a non-zero exit with the API server's Forbidden for the user", () => {
    expect(forbiddenVerdict(run(1, `${forbidden}\n`), "dev-user")).toEqual({
      state: "pass",
      message: `exit code 1: ${forbidden}`,
    });
  });

  it("passes on kubectl set image's own wrapping of the same Forbidden", () => {
    const wrapped =
      'error: failed to patch image update to pod template: deployments.apps "grade-submission-api" is forbidden: User "dev-user" cannot patch resource "deployments" in API group "apps" in the namespace "m3-2-ab12"';
    expect(
      forbiddenVerdict(run(1, `${wrapped}\n`), "dev-user", { verb: "patch", resource: "deployments" }),
    ).toEqual({
      state: "pass",
      message: `exit code 1: ${wrapped}`,
    });
  });

  it("fails when the command succeeded, failed otherwise, or was forbidden for someone else", () => {
    expect(
      forbiddenVerdict(run(0, "", "deployment.apps/grade-submission-api scaled\n"), "dev-user").message,
    ).toBe(`\`${command}\` succeeded (exit code 0): deployment.apps/grade-submission-api scaled`);
    expect(
      forbiddenVerdict(run(1, 'Error from server (NotFound): deployments.apps "x" not found'), "dev-user")
        .message,
    ).toMatch(/failed \(exit code 1\), but not as Forbidden/);
    expect(
      forbiddenVerdict(run(1, forbidden.replace('"dev-user"', '"system:anonymous"')), "dev-user").state,
    ).toBe("fail");
  });
});
