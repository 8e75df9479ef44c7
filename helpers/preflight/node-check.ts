import { existsSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../project/paths";
import { type CheckResult, fail, ok } from "./check-result";

/** testcontainers 12 declares engines.node ">= 22.22". */
export const MIN_NODE_VERSION = "22.22.0";

export interface NodeFacts {
  /** process.version of the Node running the doctor, e.g. "v24.21.0". */
  version: string;
  /** Where that Node binary is. */
  execPath: string;
  /** The pinned `node` devDependency npm scripts put first on PATH, if installed. */
  pinned?: { version: string; execPath: string };
}

export const NODE_CHECK = "Node version";

function parseVersion(version: string): [number, number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

export function isAtLeast(version: string, minimum: string): boolean {
  const have = parseVersion(version);
  const need = parseVersion(minimum);
  if (!have || !need) return false;
  for (let i = 0; i < 3; i++) {
    const a = have[i] ?? 0;
    const b = need[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

const samePath = (a: string, b: string) => {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return a === b;
  }
};

export function checkNode(facts: NodeFacts): CheckResult {
  const { version, execPath, pinned } = facts;
  const v = version.startsWith("v") ? version : `v${version}`;
  const runsPinned = pinned !== undefined && samePath(execPath, pinned.execPath);
  const npmUses = pinned
    ? `npm scripts use the pinned Node ${pinned.version} from node_modules (the \`node\` devDependency)`
    : "the pinned `node` devDependency is not installed, so npm scripts use the Node on your PATH";

  if (!parseVersion(version)) {
    return fail(
      NODE_CHECK,
      `Could not read the Node version "${version}".`,
      "Run the suite through npm (npm test).",
    );
  }
  if (!isAtLeast(version, MIN_NODE_VERSION)) {
    return fail(
      NODE_CHECK,
      `Node ${v} (${execPath}) is older than ${MIN_NODE_VERSION}, which testcontainers 12 needs; ${npmUses}.`,
      pinned
        ? `Run the suite through npm (npm test, npm run doctor), which uses the pinned Node ${pinned.version}, instead of calling node or tsx directly.`
        : "Run npm install to get the pinned Node 24, or install Node 22.22 or newer.",
    );
  }
  if (runsPinned) return ok(NODE_CHECK, `Node ${v}, the pinned \`node\` devDependency that npm scripts use`);
  return ok(NODE_CHECK, `Node ${v} from ${execPath}; ${npmUses}`);
}

/** The facts of the running process and of the installed pinned Node. */
export function currentNodeFacts(root: string = PROJECT_ROOT): NodeFacts {
  const facts: NodeFacts = { version: process.version, execPath: process.execPath };
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, "node_modules/node/package.json"), "utf8")) as {
      version?: string;
    };
    const bin = path.join(root, "node_modules/node/bin/node");
    if (pkg.version && existsSync(bin)) facts.pinned = { version: pkg.version, execPath: bin };
  } catch {
    // Not installed: the check says so.
  }
  return facts;
}
