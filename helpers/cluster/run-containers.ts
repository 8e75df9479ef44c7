import { getContainerRuntimeClient } from "testcontainers";

export interface LeftoverReport {
  containers: string[];
  networks: string[];
}

/** Everything Docker still holds that carries this run's label (stopped or running). */
export async function findRunLeftovers(runLabel: string, runId: string): Promise<LeftoverReport> {
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const filters = JSON.stringify({ label: [`${runLabel}=${runId}`] });
  const containers = await docker.listContainers({ all: true, filters });
  const networks = await docker.listNetworks({ filters });
  return {
    containers: containers.map(
      (c) => `${c.Names[0]?.replace(/^\//, "") ?? c.Id.slice(0, 12)} (${c.Image}, ${c.State})`,
    ),
    networks: networks.map((n) => n.Name),
  };
}

/**
 * Removes what this run created, with its anonymous volumes (the k3s image
 * declares four). Safe to call twice; used on teardown, on a failed setup and on Ctrl-C.
 */
export async function removeRunLeftovers(runLabel: string, runId: string): Promise<LeftoverReport> {
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const filters = JSON.stringify({ label: [`${runLabel}=${runId}`] });
  const found = await findRunLeftovers(runLabel, runId);
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(
    containers.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => {}),
    ),
  );
  const networks = await docker.listNetworks({ filters });
  await Promise.all(
    networks.map((n) =>
      docker
        .getNetwork(n.Id)
        .remove()
        .catch(() => {}),
    ),
  );
  return found;
}

export function describeLeftovers(report: LeftoverReport): string {
  const n = report.containers.length;
  if (n === 0 && report.networks.length === 0)
    return "no containers or networks of this run were left behind";
  return `removed ${n} container(s) and ${report.networks.length} network(s) this run had created: ${[
    ...report.containers,
    ...report.networks,
  ].join(", ")}`;
}

/** Removes the images this run's CI built (tagged by commit SHA, one per lab's build); a missing Docker removes nothing. */
export async function removeRunImages(runLabel: string, runId: string): Promise<string[]> {
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const images = await docker.listImages({ filters: JSON.stringify({ label: [`${runLabel}=${runId}`] }) });
  const removed: string[] = [];
  for (const image of images) {
    const ok = await docker
      .getImage(image.Id)
      .remove({ force: true })
      .then(
        () => true,
        () => false,
      );
    if (ok) removed.push(...(image.RepoTags ?? [image.Id.slice(7, 19)]));
  }
  return removed;
}

export function describeRunImages(removed: string[]): string {
  return removed.length === 0
    ? "no images of this run's CI were left on this machine"
    : `removed ${removed.length} image(s) this run's CI had built: ${removed.join(", ")}`;
}
