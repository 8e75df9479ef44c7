import { SettingError } from "../project/setting-error";

/** With LAB_CLUSTER=existing, where the suite's Git server listens (with k3s it listens on loopback). */
export const GIT_BIND_ENV = "LAB_GIT_BIND_ADDRESS";

/** Addresses that mean "every interface": 0.0.0.0, and :: (on Linux every IPv4 interface too). */
export function isWildcardAddress(address: string): boolean {
  return address === "0.0.0.0" || address === "::";
}

/** LAB_GIT_BIND_ADDRESS, which LAB_CLUSTER=existing needs; a SettingError saying how to find it when unset. */
export function requiredGitBindAddress(env: NodeJS.ProcessEnv = process.env): string {
  const address = env[GIT_BIND_ENV]?.trim();
  if (address) return address;
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
