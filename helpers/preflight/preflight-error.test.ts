import { describe, expect, it } from "vitest";
import { allureCategories, INFRASTRUCTURE_PREFIX } from "../report/categories";
import { InfrastructureError } from "../report/infrastructure-error";
import { clearSecretsForTest, registerSecret } from "../report/redaction";
import { fail } from "./check-result";
import { PreflightError, preflightParagraph } from "./preflight-error";

const docker = fail(
  "Docker reachable",
  "Docker is not reachable (tried unix:///var/run/docker.sock: connect ENOENT /var/run/docker.sock). The lab tier starts k3s in Docker.",
  "Install Docker Desktop or Docker Engine and start it (on Debian or Ubuntu as root, npm run docker:start installs Debian's docker.io if needed and starts it), or set LAB_CLUSTER=existing to use the cluster of your current KUBECONFIG context.",
);
const disk = fail(
  "Disk space",
  "Only 1.2 GB free in the temp dir /tmp;\nk3s needs about 3.0 GB",
  "Free space there",
);

describe("PreflightError", () => {
  it("is one paragraph: what is wrong, what to do, and that the offline tier still runs", () => {
    const error = new PreflightError([docker]);
    expect(error.name).toBe("PreflightError");
    expect(error).toBeInstanceOf(InfrastructureError);
    expect(error.message).toBe(preflightParagraph([docker]));
    expect(error.failures).toEqual([docker]);
    expect(error.message).toBe(
      "Infrastructure: Docker is not reachable (tried unix:///var/run/docker.sock: connect ENOENT /var/run/docker.sock). The lab tier starts k3s in Docker. Install Docker Desktop or Docker Engine and start it (on Debian or Ubuntu as root, npm run docker:start installs Debian's docker.io if needed and starts it), or set LAB_CLUSTER=existing to use the cluster of your current KUBECONFIG context. The offline self-tests need neither Docker nor a cluster: npm run test:self.",
    );
  });

  it("names every failed check, still in one paragraph, even when a detail had a line break", () => {
    const { message } = new PreflightError([docker, disk]);
    expect(message).toMatch(
      /^Infrastructure: 2 preflight checks failed\. Docker reachable: Docker is not reachable/,
    );
    expect(message).toContain(
      "Disk space: Only 1.2 GB free in the temp dir /tmp; k3s needs about 3.0 GB. Free space there.",
    );
    expect(message).not.toContain("\n");
  });

  it("is filed under infrastructure by the report's categories", () => {
    const { message } = new PreflightError([docker]);
    expect(message.startsWith(INFRASTRUCTURE_PREFIX)).toBe(true);
    const infrastructure = allureCategories[0];
    expect(new RegExp(infrastructure?.messageRegex ?? "^$").test(message)).toBe(true);
  });

  it("redacts registered secrets", () => {
    registerSecret("s3cr3t-token");
    try {
      const leaked = fail(
        "Existing cluster (KUBECONFIG)",
        "Server https://s3cr3t-token@api refused",
        "Fix it",
      );
      expect(new PreflightError([leaked]).message).not.toContain("s3cr3t-token");
    } finally {
      clearSecretsForTest();
    }
  });
});
