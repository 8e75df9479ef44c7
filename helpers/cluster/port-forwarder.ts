import { getContainerRuntimeClient } from "testcontainers";
import { PortForwarderInstance } from "testcontainers/build/port-forwarder/port-forwarder";
import { getReaper } from "testcontainers/build/reaper/reaper";
import {
  LABEL_TESTCONTAINERS_SESSION_ID,
  LABEL_TESTCONTAINERS_SSHD,
} from "testcontainers/build/utils/labels";

/**
 * testcontainers' port forwarder (an sshd with root/root, which carries the Git server's port into the
 * cluster's network) bears testcontainers' labels, not the run's, and without Ryuk nothing ever removes
 * it. Then the run removes it itself, with its volumes, found by those labels (a forwarder that failed
 * to start leaves a stopped container too). With Ryuk on, the session (and its forwarder) may be shared
 * with another process on the same engine, and Ryuk removes it once every process is gone: it is left
 * alone. Returns the names removed.
 */
export async function removePortForwarder(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  if (env.TESTCONTAINERS_RYUK_DISABLED !== "true") return [];
  // Only once a forwarder was asked for (before, no session exists to look for).
  if (!PortForwarderInstance.isRunning()) return [];
  const client = await getContainerRuntimeClient();
  const { sessionId } = await getReaper(client);
  const docker = client.container.dockerode;
  const filters = JSON.stringify({
    label: [`${LABEL_TESTCONTAINERS_SSHD}=true`, `${LABEL_TESTCONTAINERS_SESSION_ID}=${sessionId}`],
  });
  const found = await docker.listContainers({ all: true, filters });
  await Promise.all(found.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true })));
  return found.map((c) => c.Names[0]?.replace(/^\//, "") ?? c.Id.slice(0, 12));
}

export function describePortForwarderRemoval(names: readonly string[]): string {
  return names.length > 0
    ? `removed testcontainers' port forwarder ${names.join(", ")}`
    : "no port forwarder of this run was left";
}

/**
 * The testcontainers session whose forwarder this run would leave behind if killed: only
 * without Ryuk (with Ryuk, Ryuk reaps it). Recorded in the run's work folder for the next run.
 */
export async function unreapedSessionId(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (env.TESTCONTAINERS_RYUK_DISABLED !== "true") return undefined;
  return (await getReaper(await getContainerRuntimeClient())).sessionId;
}

/** The sshd forwarders of the given testcontainers sessions (of killed runs), with their volumes. */
export async function removeForwardersOfSessions(sessionIds: readonly string[]): Promise<string[]> {
  if (sessionIds.length === 0) return [];
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const filters = JSON.stringify({ label: [`${LABEL_TESTCONTAINERS_SSHD}=true`] });
  const found = (await docker.listContainers({ all: true, filters })).filter((c) =>
    sessionIds.includes(c.Labels[LABEL_TESTCONTAINERS_SESSION_ID] ?? ""),
  );
  await Promise.all(found.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true })));
  return found.map((c) => `forwarder ${c.Names[0]?.replace(/^\//, "") ?? c.Id.slice(0, 12)}`);
}
