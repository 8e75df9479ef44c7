import { isIP } from "node:net";
import { networkInterfaces } from "node:os";
import { SettingError } from "../project/setting-error";

/** With LAB_CLUSTER=existing, where the suite's Git server listens (with k3s it listens on loopback). */
export const GIT_BIND_ENV = "LAB_GIT_BIND_ADDRESS";

/** Addresses that mean "every interface": 0.0.0.0, and :: in any spelling (on Linux every IPv4 interface too). */
export function isWildcardAddress(address: string): boolean {
  return address === "0.0.0.0" || (isIP(address) === 6 && /^[0:]+$/.test(address));
}

/** The addresses this machine's interfaces have: the only ones a server can listen on. */
function addressesHere(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
}

/** LAB_GIT_BIND_ADDRESS, which LAB_CLUSTER=existing needs; a SettingError saying how to find it when unset. */
export function requiredGitBindAddress(
  env: NodeJS.ProcessEnv = process.env,
  here: () => string[] = addressesHere,
): string {
  const address = env[GIT_BIND_ENV]?.trim();
  if (address) {
    const fix = `Set ${GIT_BIND_ENV} to an address of this machine that the cluster's pods can reach (for kind or k3d on Linux, the Docker bridge gateway, often 172.17.0.1), or 0.0.0.0 for every interface.`;
    if (isIP(address) === 0)
      throw new SettingError(
        GIT_BIND_ENV,
        `${GIT_BIND_ENV}=${address} is not an IP address, and the Git server can only listen on one.`,
        fix,
      );
    if (/^127\./.test(address) || address === "::1")
      throw new SettingError(
        GIT_BIND_ENV,
        `${GIT_BIND_ENV}=${address} is this machine's loopback, which the cluster's pods cannot reach: Argo CD would be installed and then fail to fetch the labs' repos.`,
        fix,
      );
    if (!isWildcardAddress(address) && !here().includes(address))
      throw new SettingError(
        GIT_BIND_ENV,
        `${GIT_BIND_ENV}=${address} is not an address of this machine (its interfaces have ${here().join(", ")}), so the Git server cannot listen there.`,
        fix,
      );
    return address;
  }
  throw new SettingError(
    GIT_BIND_ENV,
    `LAB_CLUSTER=existing needs ${GIT_BIND_ENV}, and it is ${env[GIT_BIND_ENV] === undefined ? "unset" : "empty"}: it is the address of this machine that the cluster's pods can reach, where the suite's Git server will listen ` +
      "(for kind or k3d on Linux, the Docker bridge gateway, often 172.17.0.1; for Docker Desktop's Kubernetes, 0.0.0.0 is reached as host.docker.internal).",
    `Set it, e.g. ${GIT_BIND_ENV}=172.17.0.1 npm test.`,
  );
}

/**
 * What a wildcard bind exposes (the Git server in this folder): it answers on every interface for the
 * whole run; its one credential travels in plain HTTP Basic auth; with it, http-backend serves clones
 * and, since REMOTE_USER is set, pushes; and most labs' Applications auto-sync those repos.
 */
export function wildcardExposure(address: string): string {
  return (
    `${GIT_BIND_ENV}=${address} makes the suite's Git server listen on every network interface of this machine for the whole run, not only where the cluster's pods reach it. ` +
    "Anyone on those networks who has the run's credential (a random password per run, sent in plain HTTP Basic auth, so readable by whoever can watch that traffic) can clone every lab repo of the run and push to them, and Argo CD applies what is pushed to the cluster (most labs' Applications auto-sync, in Argo CD's default project, which allows any namespace and cluster-wide objects)."
  );
}
