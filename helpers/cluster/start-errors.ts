import { InfrastructureError } from "../report/infrastructure-error";

/**
 * Turns what Docker says when a container cannot start into the paragraph a
 * person needs. testcontainers ignores errors inside the pull stream, so a
 * failed pull shows up later as "No such image".
 */
export function explainStartFailure(image: string, error: unknown): InfrastructureError {
  const message = error instanceof Error ? error.message : String(error);
  const said = message.split("\n")[0] ?? message;
  if (
    /no such image|pull access denied|manifest unknown|not found: manifest|failed to resolve reference|toomanyrequests|\(HTTP code 404\)/i.test(
      message,
    )
  ) {
    return new InfrastructureError(
      `The image ${image} cannot be pulled (Docker said: ${said}). ` +
        `Check that this machine can reach the registry (docker pull ${image}), or pull it once where it can and load it here, ` +
        "or set K3S_IMAGE to a rancher/k3s tag you have; where no registry answers, npm run kit builds every image a run needs.",
      { cause: error },
    );
  }
  if (/port is already allocated|address already in use/i.test(message)) {
    return new InfrastructureError(
      `A port the cluster needs is already in use (Docker said: ${said}). ` +
        "Stop what holds it (a cluster kept with KEEP_CLUSTER=1 is a likely one: docker ps --filter label=io.gitops-conformance.run-id), then run again.",
      { cause: error },
    );
  }
  if (/privileged|operation not permitted|user namespaces|userns/i.test(message)) {
    return new InfrastructureError(
      `Docker refused to start ${image} as a privileged container (Docker said: ${said}). ` +
        "The cluster's node needs privileged mode: use rootful Docker (not rootless, not userns-remap), or Docker Desktop, or set LAB_CLUSTER=existing to use a cluster you already have.",
      { cause: error },
    );
  }
  return new InfrastructureError(
    `The cluster's node (${image}) did not start: ${said}. Run npm run doctor to check Docker, and see the container's log above.`,
    { cause: error },
  );
}
