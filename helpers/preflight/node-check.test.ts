import { describe, expect, it } from "vitest";
import { checkNode, currentNodeFacts, isAtLeast, MIN_NODE_VERSION } from "./node-check";

const pinned = { version: "24.21.0", execPath: "/repo/node_modules/node/bin/node" };

describe("Node version", () => {
  it("compares versions numerically", () => {
    expect(isAtLeast("v22.22.0", MIN_NODE_VERSION)).toBe(true);
    expect(isAtLeast("v22.9.0", MIN_NODE_VERSION)).toBe(false);
    expect(isAtLeast("v23.0.0", MIN_NODE_VERSION)).toBe(true);
    expect(isAtLeast("v22.21.9", MIN_NODE_VERSION)).toBe(false);
  });

  it("fails on a Node older than 22.22 and points at the pinned Node npm scripts use", () => {
    const result = checkNode({ version: "v20.20.2", execPath: "/usr/bin/node", pinned });
    expect(result.status).toBe("fail");
    expect(result.detail).toBe(
      "Node v20.20.2 (/usr/bin/node) is older than 22.22.0, which testcontainers 12 needs; npm scripts use the pinned Node 24.21.0 from node_modules (the `node` devDependency).",
    );
    expect(result.fix).toMatch(
      /^Run the suite through npm \(npm test, npm run doctor\), which uses the pinned Node 24\.21\.0/,
    );
  });

  it("says to npm install when the pinned Node is missing", () => {
    expect(checkNode({ version: "v18.19.0", execPath: "/usr/bin/node" }).fix).toMatch(/^Run npm install/);
  });

  it("passes on the pinned Node and on any other new enough Node, saying which runs", () => {
    expect(checkNode({ version: "v24.21.0", execPath: pinned.execPath, pinned }).detail).toBe(
      "Node v24.21.0, the pinned `node` devDependency that npm scripts use",
    );
    const other = checkNode({ version: "v22.22.1", execPath: "/opt/node/bin/node", pinned });
    expect(other.status).toBe("ok");
    expect(other.detail).toContain("from /opt/node/bin/node; npm scripts use the pinned Node 24.21.0");
  });

  it("fails on a version string it cannot read", () => {
    expect(checkNode({ version: "garbage", execPath: "/usr/bin/node" }).status).toBe("fail");
  });

  it("finds the pinned Node of this repository", () => {
    const facts = currentNodeFacts();
    expect(facts.version).toBe(process.version);
    expect(facts.pinned?.version).toMatch(/^24\./);
  });
});
