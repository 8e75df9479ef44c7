import { describe, expect, it } from "vitest";
import { engineConfig } from "./docker-engine.ts";

describe("the engine docker:start runs", () => {
  it("publishes ports on loopback unless told otherwise, so the port forwarder's sshd is nobody else's", () => {
    expect(engineConfig([], "/w")).toEqual({ ip: "127.0.0.1" });
  });

  it("runs privileged containers through the wrapper only where a capability is missing", () => {
    expect(engineConfig(["CAP_SYS_RESOURCE"], "/w")).toEqual({
      ip: "127.0.0.1",
      runtimes: { "runc-without-missing-caps": { path: "/w" } },
      "default-runtime": "runc-without-missing-caps",
    });
  });
});
