import type { CiRelease } from "./grade-api-actions";
import type { GradeApiApp } from "./grade-api-app";
import type { LabContext } from "./lab-context";

/**
 * The course's Task 4 change to the app: `throw new Error("Production crash");`
 * in app.js. It goes in just before the server starts listening, so the process
 * dies at start with the error on stderr (the pod's log) and exit code 1.
 */
export const PRODUCTION_CRASH = 'throw new Error("Production crash");';

const ANCHOR = "server.listen(";

export function withProductionCrash(appJs: string): string {
  const at = appJs.indexOf(ANCHOR);
  if (at < 0) throw new Error(`app.js has no "${ANCHOR}" to put the crash before`);
  return `${appJs.slice(0, at)}${PRODUCTION_CRASH}\n\n${appJs.slice(at)}`;
}

/**
 * Task 4's action, shared by the labs that start from it (T04–T06): a developer
 * commits the crash to the app repo, CI builds the image tagged with that commit
 * and writes it to the GitOps repo, and Argo CD has seen that GitOps commit.
 * Needs the app deployed with `{ ci: true }`.
 */
export async function shipProductionCrash(
  lab: LabContext,
  app: GradeApiApp,
): Promise<{ bad: string; release: CiRelease }> {
  const shipped = await lab.act(
    "the crash committed and released through CI",
    async () => {
      const bad = await app.pushAppChange("app.js", withProductionCrash, `app.js: ${PRODUCTION_CRASH}`);
      return { bad, release: await app.runCi() };
    },
    async () => {
      const release = await app.currentRelease();
      return { bad: release.appSha, release };
    },
  );
  await app.sees(shipped.release.gitopsSha);
  return shipped;
}
