import { getContainerRuntimeClient } from "testcontainers";
import { PortForwarderInstance } from "testcontainers/build/port-forwarder/port-forwarder";

/**
 * testcontainers' port forwarder (an sshd with root/root, which carries the Git server's port into the
 * cluster's network) bears testcontainers' session label, not the run's, and without Ryuk nothing ever
 * removes it. The run removes it itself, with its volumes; undefined when none was started.
 */
export async function removePortForwarder(): Promise<string | undefined> {
  if (!PortForwarderInstance.isRunning()) return undefined;
  const id = (await PortForwarderInstance.getInstance()).getContainerId();
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const container = docker.getContainer(id);
  const name =
    (await container.inspect().catch(() => undefined))?.Name?.replace(/^\//, "") ?? id.slice(0, 12);
  await container.remove({ force: true, v: true });
  return name;
}

export function describePortForwarderRemoval(name: string | undefined): string {
  return name ? `removed testcontainers' port forwarder ${name}` : "no port forwarder was started";
}
