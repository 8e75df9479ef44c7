/**
 * npm run doctor: can the lab tier run on this machine? One line per check,
 * exit 1 when any check fails. Runs before npm test (pretest). Whatever goes
 * wrong, it prints a paragraph, never a stack trace.
 */
import { INFRASTRUCTURE_PREFIX } from "../report/categories";

function finish(text: string, code: number): void {
  // Exit only once the output is flushed (pipes are asynchronous on macOS);
  // exiting at all matters: a check that timed out may still hold a socket.
  process.stdout.write(text, () => process.exit(code));
}

function crashed(error: unknown): void {
  const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0]?.trim();
  finish(
    `${INFRASTRUCTURE_PREFIX} the doctor itself failed (${reason}). Run npm install so the dependencies are complete, then npm run doctor again; the offline self-tests need neither Docker nor a cluster: npm run test:self.\n`,
    1,
  );
}

process.on("uncaughtException", crashed);
process.on("unhandledRejection", crashed);

try {
  // Imported here, not at the top, so a broken install is reported like any other failure.
  const { preflight, formatResults, failedChecks } = await import("../preflight/run-preflight");
  const { clusterMode, describeMode } = await import("../preflight/cluster-mode");
  const { describeRunPath } = await import("../preflight/run-path");
  const choice = clusterMode();
  const { results, runPath } = await preflight();
  // The road taken, in the words the console and the report use (the kit node is never called k3s).
  const road = runPath ? describeRunPath(runPath) : "mode" in choice ? describeMode(choice.mode) : "";
  const header = road ? `Doctor: can the lab tier run here? ${road}.\n\n` : "";
  finish(header + formatResults(results), failedChecks(results).length > 0 ? 1 : 0);
} catch (error) {
  crashed(error);
}
