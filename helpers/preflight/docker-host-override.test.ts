import { describe, expect, it } from "vitest";
import { type HostFacts, localhostOverride } from "./docker-host-override";

const facts = (over: Partial<HostFacts> & { name?: string }): HostFacts => ({
  env: {},
  dockerenv: true,
  engineName: async () => over.name,
  hostname: "vm",
  ...over,
});

describe("where testcontainers reaches published ports", () => {
  it("uses localhost when /.dockerenv is there but the engine names itself as this machine", async () => {
    expect(await localhostOverride(facts({ name: "vm" }))).toBe("localhost");
  });

  it("leaves testcontainers' gateway when the engine is another machine's (a real container beside it)", async () => {
    expect(await localhostOverride(facts({ name: "docker-host" }))).toBeUndefined();
    expect(await localhostOverride(facts({ name: undefined }))).toBeUndefined();
  });

  it("changes nothing without /.dockerenv, or when the person set the override", async () => {
    expect(await localhostOverride(facts({ name: "vm", dockerenv: false }))).toBeUndefined();
    expect(
      await localhostOverride(facts({ name: "vm", env: { TESTCONTAINERS_HOST_OVERRIDE: "10.0.0.5" } })),
    ).toBeUndefined();
  });
});
