import { describe, expect, it } from "vitest";
import { KIT_NODE_IMAGE } from "../project/versions";
import {
  chooseRunPath,
  daemonPullsThroughItsOwnRoute,
  describeRunPath,
  type RunPathFacts,
  runPathEnv,
} from "./run-path";

const K3S = "rancher/k3s:v1.36.2-k3s1";

function facts(over: { present?: string[]; registry?: string; env?: NodeJS.ProcessEnv } = {}): RunPathFacts {
  const present = new Set(over.present ?? []);
  return {
    mode: "docker",
    env: { KIT_CACHE_DIR: "/kit", ...over.env },
    hasImage: async (image) => present.has(image),
    registryProblem: async () => over.registry,
  };
}

describe("the road npm test takes with nothing set", () => {
  it("takes upstream's k3s when its image is here, whatever else is", async () => {
    expect(await chooseRunPath(facts({ present: [K3S, KIT_NODE_IMAGE], registry: "offline" }))).toEqual({
      kind: "k3s",
      k3sImage: K3S,
      pull: false,
    });
  });

  it("pulls upstream's k3s when its registry answers, even where a kit was built", async () => {
    expect(await chooseRunPath(facts({ present: [KIT_NODE_IMAGE] }))).toMatchObject({
      kind: "k3s",
      pull: true,
    });
  });

  it("takes the kit node, with the kit's air-gap folder, where k3s cannot be had and the kit was built", async () => {
    const road = await chooseRunPath(facts({ present: [KIT_NODE_IMAGE], registry: "ENOTFOUND" }));
    expect(road).toEqual({
      kind: "kit-node",
      k3sImage: KIT_NODE_IMAGE,
      airGapFolder: "/kit/images",
      chosen: "automatically",
    });
    expect(runPathEnv(road, false)).toEqual({
      K3S_IMAGE: KIT_NODE_IMAGE,
      LAB_IMAGES: "/kit/images",
      TESTCONTAINERS_RYUK_DISABLED: "true",
    });
    // Ryuk stays on where its image is here.
    expect(runPathEnv(road, true)).not.toHaveProperty("TESTCONTAINERS_RYUK_DISABLED");
  });

  it("keeps a LAB_IMAGES folder the person set", async () => {
    const road = await chooseRunPath(
      facts({ present: [KIT_NODE_IMAGE], registry: "offline", env: { LAB_IMAGES: "/mine" } }),
    );
    expect(road).toMatchObject({ kind: "kit-node", airGapFolder: "/mine" });
  });

  it("says nothing can start, and why, where there is neither k3s, a registry nor a kit", async () => {
    const road = await chooseRunPath(facts({ registry: "getaddrinfo ENOTFOUND registry-1.docker.io" }));
    expect(road).toEqual({
      kind: "no-images",
      k3sImage: K3S,
      why: `${K3S} is not here and cannot be pulled (getaddrinfo ENOTFOUND registry-1.docker.io)`,
    });
    expect(runPathEnv(road, false)).toEqual({});
  });

  it("follows K3S_IMAGE: the kit node by name is the kit's road; any other image is k3s's", async () => {
    expect(
      await chooseRunPath(facts({ present: [KIT_NODE_IMAGE], env: { K3S_IMAGE: KIT_NODE_IMAGE } })),
    ).toMatchObject({ kind: "kit-node", chosen: "K3S_IMAGE" });
    // Never pulled: a kit node that is not built here is the kit's to build.
    expect(await chooseRunPath(facts({ env: { K3S_IMAGE: KIT_NODE_IMAGE } }))).toEqual({
      kind: "no-images",
      k3sImage: KIT_NODE_IMAGE,
      why: `K3S_IMAGE names ${KIT_NODE_IMAGE}, which is not built here`,
    });
    expect(await chooseRunPath(facts({ env: { K3S_IMAGE: "rancher/k3s:v1.37.0-k3s1" } }))).toEqual({
      kind: "k3s",
      k3sImage: "rancher/k3s:v1.37.0-k3s1",
      pull: true,
    });
  });

  it("never calls the kit node k3s: its line says what it is, and that it is not k3s", async () => {
    const line = describeRunPath(
      await chooseRunPath(facts({ present: [KIT_NODE_IMAGE], registry: "offline" })),
    );
    expect(line).toMatch(
      /^cluster: kit node, upstream Kubernetes v\d+\.\d+\.\d+ behind k3s's container interface \(not k3s\)/,
    );
    expect(line).toContain("images: the offline kit's");
    expect(describeRunPath({ kind: "k3s", k3sImage: K3S, pull: false })).toBe(
      `cluster: k3s (${K3S}) in Docker, started by testcontainers; images: upstream's`,
    );
  });

  it("takes Docker's own registry mirrors or proxy as a registry that answers", () => {
    expect(daemonPullsThroughItsOwnRoute({ RegistryConfig: { Mirrors: ["https://mirror.example"] } })).toBe(
      true,
    );
    expect(daemonPullsThroughItsOwnRoute({ HttpsProxy: "http://proxy:3128" })).toBe(true);
    expect(
      daemonPullsThroughItsOwnRoute({ RegistryConfig: { Mirrors: [] }, HttpProxy: "", HttpsProxy: "" }),
    ).toBe(false);
  });

  it("with LAB_CLUSTER=existing asks nothing of Docker", async () => {
    const road = await chooseRunPath({
      ...facts(),
      mode: "existing",
      hasImage: () => Promise.reject(new Error("asked")),
    });
    expect(road).toEqual({ kind: "existing" });
  });
});
