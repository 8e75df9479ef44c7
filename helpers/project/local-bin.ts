import { realpathSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "./paths";

/**
 * The argv of `npx <name> ...args` for a tool this project installs (tsx, vitest, allure), for the
 * self-tests that run one in a child process: the same file npx would find in node_modules/.bin, run
 * by this node. npx would first start npm to find it, half a second of CPU per command.
 */
export function localBin(name: string, ...args: string[]): string[] {
  return [process.execPath, realpathSync(path.join(PROJECT_ROOT, "node_modules", ".bin", name)), ...args];
}
