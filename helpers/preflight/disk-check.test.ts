import os from "node:os";
import { describe, expect, it } from "vitest";
import { checkDiskSpace, DISK_FAIL_BELOW_BYTES, DISK_WARN_BELOW_BYTES, measureDisk } from "./disk-check";
import { daemonStatus } from "./fake-docker-api";

const at = (freeBytes: number) => ({ path: "/var/lib/docker", freeBytes, what: "Docker's data directory" });

describe("Disk space", () => {
  it("fails below 3 GB and says how much to free", () => {
    const result = checkDiskSpace(at(1.2e9));
    expect(result.status).toBe("fail");
    expect(result.detail).toBe(
      "Only 1.2 GB free in Docker's data directory /var/lib/docker; k3s and the Argo images need about 3.0 GB.",
    );
    expect(result.fix).toMatch(/^Free at least 1\.8 GB there \(docker system prune/);
  });

  it("warns below 6 GB and passes above", () => {
    expect(checkDiskSpace(at(DISK_FAIL_BELOW_BYTES)).status).toBe("warn");
    expect(checkDiskSpace(at(DISK_WARN_BELOW_BYTES - 1)).status).toBe("warn");
    expect(checkDiskSpace(at(DISK_WARN_BELOW_BYTES))).toMatchObject({
      status: "ok",
      detail: "6.0 GB free in Docker's data directory /var/lib/docker",
    });
  });

  it("measures the temp dir when Docker is not reachable", async () => {
    const facts = await measureDisk(undefined, os.tmpdir());
    expect(facts).toMatchObject({ path: os.tmpdir(), what: "the temp dir" });
    expect(facts.freeBytes).toBeGreaterThan(0);
  });

  it("measures the temp dir, and says why, when Docker keeps its data on another machine", async () => {
    const desktop = daemonStatus({ Name: "docker-desktop", DockerRootDir: "/var/lib/docker" });
    const facts = await measureDisk(desktop, os.tmpdir());
    expect(facts.path).toBe(os.tmpdir());
    expect(facts.note).toContain("Docker keeps its data in /var/lib/docker on docker-desktop");
    expect(checkDiskSpace({ ...facts, freeBytes: 50e9 }).detail).toMatch(
      /^50\.0 GB free in the temp dir .*; Docker keeps/,
    );
  });
});
