import type { CiRelease } from "./grade-api-actions";
import type { GradeApiApp } from "./grade-api-app";
import type { LabContext } from "./lab-context";

/**
 * A new release of the course's app, for the labs that only need "a new image in Git"
 * (M1.3, M2.3): a developer's commit to app.js (a release note line, so the image differs
 * only by its commit) and CI, which builds the image tagged with that commit and writes it
 * to the GitOps repo. Needs the app deployed with `{ ci: true }`.
 */
export function withReleaseNote(note: string): (appJs: string) => string {
  return (appJs) => `${appJs.trimEnd()}\n// release: ${note}\n`;
}

export async function releaseThroughCi(app: GradeApiApp, note: string): Promise<CiRelease> {
  await app.pushAppChange("app.js", withReleaseNote(note), `release: ${note}`);
  return app.runCi();
}

/** A release through CI as the lab's action; under the universal control none is made and CI's last release stands. */
export function releaseAction(
  lab: LabContext,
  what: string,
  app: GradeApiApp,
  note: string,
): Promise<CiRelease> {
  return lab.act(
    what,
    () => releaseThroughCi(app, note),
    () => app.currentRelease(),
  );
}
