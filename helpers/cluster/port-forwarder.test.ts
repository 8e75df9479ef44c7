import { describe, expect, it } from "vitest";
import { describePortForwarderRemoval, removePortForwarder } from "./port-forwarder";

describe("testcontainers' port forwarder at the end of a run", () => {
  it("is left to Ryuk where Ryuk is on: the session, and its forwarder, may be another process's too", async () => {
    expect(await removePortForwarder({})).toEqual([]);
  });

  it("says what was removed, or that nothing was left", () => {
    expect(describePortForwarderRemoval(["testcontainers-port-forwarder-ab12"])).toBe(
      "removed testcontainers' port forwarder testcontainers-port-forwarder-ab12",
    );
    expect(describePortForwarderRemoval([])).toBe("no port forwarder of this run was left");
  });
});
