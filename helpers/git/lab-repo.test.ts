import { randomUUID } from "node:crypto";
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runStep } from "../exec/run-command";
import { withoutUserinfo } from "./display-url";
import { isolatedGitEnv } from "./git-env";
import { type GitServer, startGitServer } from "./git-http-server";
import { LAB_GIT_USER, LabRepo } from "./lab-repo";

const DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: guestbook\n";
const SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: guestbook\n";
const credentials = { username: "argocd", password: `pw-${randomUUID()}` };

let server: GitServer;
let work: string;
let fixtureDir: string;

beforeAll(async () => {
  // A protected server, so every test also proves the credentials stay out of the report.
  server = await startGitServer({ credentials });
  work = await mkdtemp(join(tmpdir(), "lab-repo-test-"));
  fixtureDir = join(work, "fixture");
  await mkdir(join(fixtureDir, "nested"), { recursive: true });
  await writeFile(join(fixtureDir, "deployment.yaml"), DEPLOYMENT);
  await writeFile(join(fixtureDir, "nested", "service.yaml"), SERVICE);
});
afterAll(async () => {
  await server.close();
  await rm(work, { recursive: true, force: true });
});

/** What the remote says, asked with the real git client rather than through LabRepo. */
async function remoteRefs(name: string): Promise<Map<string, string>> {
  const url = server.repoUrl(name, { withCredentials: true });
  const { stdout } = await runStep("git ls-remote", ["git", "ls-remote", url], {
    env: isolatedGitEnv(),
    displayAs: `git ls-remote ${withoutUserinfo(url)}`,
  });
  return new Map(
    stdout
      .trim()
      .split("\n")
      .map((line) => line.split("\t").reverse() as [string, string]),
  );
}

/** The password, or userinfo of any form; checked as a boolean so the value never lands in a matcher step. */
function containsCredentials(text: string): boolean {
  return (
    text.includes(credentials.password) ||
    text.includes(`${credentials.username}:`) ||
    text.includes("argocd@")
  );
}

function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

describe("LabRepo", () => {
  it("seeds a repo from a fixture: one commit on main, pushed, transcripts without credentials", async () => {
    const name = uniqueName("seed");
    await using repo = await LabRepo.seedFromFixture(server, name, fixtureDir, "initial guestbook");
    const head = await repo.headSha();

    expect((await remoteRefs(name)).get("refs/heads/main")).toBe(head);
    expect(await repo.currentBranch()).toBe("main");
    expect(await repo.fileAt(head, "deployment.yaml")).toBe(DEPLOYMENT);
    expect(await repo.fileAt(head, "nested/service.yaml")).toBe(SERVICE);
    expect(await repo.log(5)).toMatch(new RegExp(`^\\* ${head.slice(0, 7)} .*initial guestbook`));
    expect(repo.remoteUrl).toBe(`${server.url}/${name}.git`);

    const actions = repo.history();
    expect(actions.map((a) => a.title)).toEqual([
      `Git: clone ${server.url}/${name}.git`,
      expect.stringMatching(/^Git: commit "initial guestbook" \(copy .*fixture\)$/),
      `Git: push main to ${server.url}/${name}.git`,
    ]);
    const [clone, commit, push] = actions.map((a) => a.transcript);
    expect(clone).toContain(`$ git clone -- ${server.url}/${name}.git `);
    expect(clone).toContain(`$ git config user.name ${LAB_GIT_USER.name}`);
    expect(commit).toContain(`commit: ${head}`);
    expect(commit).toContain("$ git commit -m 'initial guestbook'");
    expect(commit).toContain(`$ git show --stat --patch ${head}`);
    expect(commit).toContain("+kind: Deployment");
    expect(push).toContain("$ git push --set-upstream origin main");
    // Booleans, so the password stays out of the report's matcher steps too.
    const transcripts = [clone, commit, push].join("\n");
    expect(containsCredentials(transcripts)).toBe(false);
    expect(transcripts).not.toContain("[REDACTED]"); // userinfo is stripped, not merely masked
    expect(actions.some((a) => containsCredentials(a.title))).toBe(false);
  });

  it("commits written files and pushes them: the remote sees the new SHA", async () => {
    const name = uniqueName("write");
    await using repo = await LabRepo.seedFromFixture(server, name, fixtureDir, "initial");
    const before = await repo.headSha();

    const sha = await repo.writeFiles(
      { "configmap.yaml": "kind: ConfigMap\n", "apps/extra.yaml": "x: 1\n" },
      "add two",
    );
    const single = await repo.commitFile("deployment.yaml", DEPLOYMENT.replace("guestbook", "gb"), "rename");
    const pushed = await repo.push();

    expect(sha).not.toBe(before);
    expect(pushed).toBe(single);
    expect((await remoteRefs(name)).get("refs/heads/main")).toBe(single);
    expect(await repo.fileAt(sha, "apps/extra.yaml")).toBe("x: 1\n");
    expect(await repo.fileAt(before, "configmap.yaml")).toBeUndefined();
    expect(repo.history().at(-2)?.title).toBe('Git: commit "rename" (write deployment.yaml)');
    await expect(repo.writeFiles({ "../escape.yaml": "x" }, "nope")).rejects.toThrow(/not inside the clone/);
  });

  it("revert restores the previous content under a new SHA", async () => {
    const name = uniqueName("revert");
    await using repo = await LabRepo.seedFromFixture(server, name, fixtureDir, "initial");
    const good = await repo.headSha();
    const bad = await repo.commitFile(
      "deployment.yaml",
      DEPLOYMENT.replace("apps/v1", "apps/v999"),
      "break the app",
    );

    const reverted = await repo.revert(bad);
    await repo.push();

    expect(new Set([good, bad, reverted]).size).toBe(3);
    expect(await repo.fileAt(reverted, "deployment.yaml")).toBe(DEPLOYMENT);
    expect((await remoteRefs(name)).get("refs/heads/main")).toBe(reverted);
    const action = repo.history().find((a) => a.sha === reverted);
    expect(action?.title).toBe(`Git: revert ${bad.slice(0, 7)} ("break the app")`);
    expect(action?.transcript).toContain(`$ git revert --no-edit ${bad}`);
    expect(action?.transcript).toContain("+apiVersion: apps/v1");

    // An independent clone sees the same: the rollback went through Git only.
    await using other = await LabRepo.clone(server.repoUrl(name, { withCredentials: true }));
    expect(await other.headSha()).toBe(reverted);
    expect(await readFile(join(other.dir, "deployment.yaml"), "utf8")).toBe(DEPLOYMENT);
  });

  it("git rm then checkout HEAD~1 round-trips a file", async () => {
    const name = uniqueName("rm");
    await using repo = await LabRepo.seedFromFixture(server, name, fixtureDir, "initial");

    const removed = await repo.rm("deployment.yaml", "remove app");
    await expect(access(join(repo.dir, "deployment.yaml"))).rejects.toMatchObject({ code: "ENOENT" });
    expect(await repo.fileAt(removed, "deployment.yaml")).toBeUndefined();

    const restored = await repo.restoreFromPrevious("deployment.yaml", "re-add deployment");
    await repo.push();

    expect(restored).not.toBe(removed);
    expect(await repo.fileAt(restored, "deployment.yaml")).toBe(DEPLOYMENT);
    expect((await remoteRefs(name)).get("refs/heads/main")).toBe(restored);
    const titles = repo.history().map((a) => a.title);
    expect(titles).toContain('Git: commit "remove app" (git rm deployment.yaml)');
    expect(titles).toContain('Git: commit "re-add deployment" (git checkout HEAD~1 deployment.yaml)');
    expect(repo.history().find((a) => a.sha === removed)?.transcript).toContain("-kind: Deployment");
  });

  it("replaces files in one commit, and names exactly the paths that commit changed", async () => {
    const name = uniqueName("replace");
    await using repo = await LabRepo.seedFromFixture(server, name, fixtureDir, "initial");
    const seed = await repo.headSha();

    const replaced = await repo.replaceFiles(
      ["deployment.yaml"],
      { "chart/templates/rollout.yaml": "kind: Rollout\n", "chart/Chart.yaml": "name: x\n" },
      "restructure",
    );
    await repo.push();

    expect(await repo.fileAt(replaced, "deployment.yaml")).toBeUndefined();
    expect(await repo.fileAt(replaced, "chart/templates/rollout.yaml")).toBe("kind: Rollout\n");
    expect(await repo.changedFiles(replaced)).toEqual([
      "chart/Chart.yaml",
      "chart/templates/rollout.yaml",
      "deployment.yaml",
    ]);
    expect(await repo.changedFiles(seed)).toEqual(["deployment.yaml", "nested/service.yaml"]);
    expect((await remoteRefs(name)).get("refs/heads/main")).toBe(replaced);
    expect(repo.history().map((a) => a.title)).toContain(
      'Git: commit "restructure" (git rm deployment.yaml; write chart/templates/rollout.yaml, chart/Chart.yaml)',
    );
  });

  it("branch, push, --no-ff merge: the PR hotfix flow", async () => {
    const name = uniqueName("merge");
    await using repo = await LabRepo.seedFromFixture(server, name, fixtureDir, "initial");
    const base = await repo.headSha();

    expect(await repo.checkoutNewBranch("hotfix")).toBe(base);
    const fix = await repo.commitFile(
      "deployment.yaml",
      `${DEPLOYMENT}  labels: {fixed: "true"}\n`,
      "hotfix",
    );
    expect(await repo.push("hotfix")).toBe(fix);
    expect(await repo.checkout("main")).toBe(base);
    const merge = await repo.merge("hotfix", "Merge pull request: hotfix");
    await repo.push("main");

    const { stdout } = await runStep(
      "git rev-list --parents",
      ["git", "rev-list", "--parents", "-n", "1", merge],
      {
        cwd: repo.dir,
        env: isolatedGitEnv(),
      },
    );
    expect(stdout.trim().split(" ")).toEqual([merge, base, fix]);
    const refs = await remoteRefs(name);
    expect(refs.get("refs/heads/main")).toBe(merge);
    expect(refs.get("refs/heads/hotfix")).toBe(fix);
    const transcript = repo.history().find((a) => a.sha === merge)?.transcript;
    expect(transcript).toContain("$ git merge --no-ff -m 'Merge pull request: hotfix' hotfix");
    expect(transcript).toContain(`$ git show --stat --patch --diff-merges=first-parent ${merge}`);
    expect(transcript).toContain('+  labels: {fixed: "true"}');
  });

  it("a failing action throws a redacted error and still records its transcript", async () => {
    const name = uniqueName("fail");
    await using repo = await LabRepo.seedFromFixture(server, name, fixtureDir, "initial");

    const failure = await repo.rm("missing.yaml", "remove nothing").catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(
      /^Git: commit "remove nothing" \(git rm missing.yaml\) failed: .*pathspec/,
    );
    expect(containsCredentials((failure as Error).message)).toBe(false);
    expect(repo.history().at(-1)?.transcript).toContain("$ git rm -- missing.yaml");
  });

  it("cloning a repo the server does not have fails cleanly with not found", async () => {
    const dir = join(work, uniqueName("missing"));
    const failure = await LabRepo.clone(
      server.repoUrl("does-not-exist", { withCredentials: true }),
      dir,
    ).catch((error: unknown) => error);

    expect((failure as Error).message).toMatch(/repository '.*does-not-exist\.git\/' not found/);
    expect(containsCredentials((failure as Error).message)).toBe(false);
  });
});
