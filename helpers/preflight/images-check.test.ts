import { describe, expect, it } from "vitest";
import { daemonStatus } from "./fake-docker-api";
import { checkImages, type ImagesInput, registryHost } from "./images-check";

const K3S = "rancher/k3s:v1.36.2-k3s1";
const RYUK = "testcontainers/ryuk:0.14.0";

const daemon = daemonStatus();

function input(local: string[], overrides: Partial<ImagesInput> = {}): ImagesInput {
  return {
    status: daemon,
    images: [K3S, RYUK],
    inspect: async (image) => local.includes(image),
    registryProblem: async () => undefined,
    ...overrides,
  };
}

describe("Pinned images", () => {
  it("knows which registry an image comes from", () => {
    expect(registryHost(K3S)).toBe("registry-1.docker.io");
    expect(registryHost("alpine:3.20")).toBe("registry-1.docker.io");
    expect(registryHost("quay.io/argoproj/argocd:v3.5.1")).toBe("quay.io");
    expect(registryHost("localhost:5000/k3s:dev")).toBe("localhost:5000");
  });

  it("passes when the images are present locally", async () => {
    expect(await checkImages(input([K3S, RYUK]))).toMatchObject({
      status: "ok",
      detail: `${K3S}, ${RYUK} present locally`,
    });
  });

  it("says a missing image will be pulled at start when its registry answers, without pulling", async () => {
    const result = await checkImages(input([RYUK]));
    expect(result.status).toBe("ok");
    expect(result.detail).toBe(
      `${RYUK} present locally; ${K3S} not present yet: pulled when the lab tier starts (DOCTOR_PULL=1 npm run doctor pulls now)`,
    );
  });

  it("warns when a missing image's registry is not reachable from here", async () => {
    const result = await checkImages(
      input([], { registryProblem: async () => "getaddrinfo ENOTFOUND registry-1.docker.io" }),
    );
    expect(result.status).toBe("warn");
    expect(result.detail).toContain(
      "registry-1.docker.io is not reachable from this machine (getaddrinfo ENOTFOUND",
    );
    expect(result.detail).toContain("pulling when the lab tier starts will probably fail");
  });

  it("does not blame Docker Hub when the daemon pulls through a mirror", async () => {
    const mirrored = daemonStatus({ RegistryConfig: { Mirrors: ["https://mirror.example/"] } });
    const result = await checkImages(
      input([], { status: mirrored, registryProblem: async () => "ENOTFOUND" }),
    );
    expect(result.status).toBe("ok");
  });

  it("pulls missing images only when asked (DOCTOR_PULL=1), failing with the reason", async () => {
    const pulled: string[] = [];
    const ok = await checkImages(input([RYUK], { pull: async (image) => void pulled.push(image) }));
    expect(pulled).toEqual([K3S]);
    expect(ok.detail).toBe(`${RYUK} present locally; pulled ${K3S}`);
    const failed = await checkImages(
      input([], { pull: () => Promise.reject(new Error("manifest unknown\nmore lines")) }),
    );
    expect(failed.status).toBe("fail");
    expect(failed.detail).toBe(`Pulling ${K3S} failed (manifest unknown), so the lab tier cannot start k3s.`);
  });

  it("does not check when Docker is not reachable", async () => {
    const result = await checkImages(
      input([], { status: { reachable: false, error: "connect ENOENT /var/run/docker.sock" } }),
    );
    expect(result).toMatchObject({ status: "warn", detail: "Not checked, because Docker is not reachable." });
  });
});
