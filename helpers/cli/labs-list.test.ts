import { describe, expect, it } from "vitest";
import { COURSE_COMMANDS, coverageSummary } from "../catalog/course-commands";
import { LABS } from "../catalog/lab-catalog";
import { execute } from "../exec/run-command";
import { localBin } from "../project/local-bin";
import { PROJECT_ROOT } from "../project/paths";

/** npm run labs:list as a user runs it, in a child process, with LAB as given. */
async function labsList(lab: string) {
  const t = await execute(localBin("tsx", "helpers/cli/labs-list.ts"), {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LAB: lab },
  });
  // A lab's own line starts at the margin with its ID; its spec lines are indented.
  const ids = t.stdout.split("\n").flatMap((line) => /^(\S+) {2,}/.exec(line)?.[1] ?? []);
  return { ...t, ids };
}

describe("npm run labs:list", () => {
  it("lists every lab when LAB is unset", async () => {
    const run = await labsList("");
    expect(run.exitCode).toBe(0);
    expect(run.ids).toEqual(LABS.map((l) => l.id));
    // The course-coverage table follows, indented so its lines never read as labs, with its count.
    expect(run.stdout).toContain("\nCourse coverage (");
    expect(run.stdout).toContain(`\n${coverageSummary(COURSE_COMMANDS)}\n`);
  });

  it("with LAB=T01 lists only T01, and says it was chosen", async () => {
    const run = await labsList("T01");
    expect(run.exitCode).toBe(0);
    expect(run.ids).toEqual(["T01"]);
    expect(run.stdout).toContain(`Listed 1 of ${LABS.length} labs, chosen by LAB=T01.`);
    expect(run.stdout).not.toContain("Course coverage");
  });

  it("with an unknown ID exits non-zero with the doctor's paragraph, no stack trace", async () => {
    const run = await labsList("T1");
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      /^Unknown lab ID in LAB: T1\. Valid IDs are T01, T02.* Unset LAB to list every lab\.\n$/,
    );
  });
});
