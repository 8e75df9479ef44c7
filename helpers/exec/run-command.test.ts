import { describe, expect, it } from "vitest";
import { failureParagraph } from "../report/failure-paragraph";
import { CommandFailedError } from "./run-command";

describe("a command that failed", () => {
  it("says which command and why on its first line, which is all the setup's paragraph keeps", () => {
    const error = new CommandFailedError({
      command: "docker build -t grade-submission-api:1a2b .",
      stdout: "Step 1/6 : FROM node:24-alpine\n",
      stderr: "pull access denied for node, repository does not exist\n",
      exitCode: 1,
      durationMs: 1200,
    });
    expect(error.message.split("\n")[0]).toBe(
      "docker build -t grade-submission-api:1a2b . failed with exit code 1: pull access denied for node, repository does not exist",
    );
    expect(failureParagraph(error, "Cluster setup")).toContain("pull access denied for node");
    expect(error.message).toContain("--- stdout\nStep 1/6 : FROM node:24-alpine");
  });
});
