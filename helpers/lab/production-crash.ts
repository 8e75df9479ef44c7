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
