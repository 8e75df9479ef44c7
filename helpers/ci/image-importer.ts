import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import type Dockerode from "dockerode";
import { pack } from "tar-stream";
import { type ExecResult, getContainerRuntimeClient } from "testcontainers";
import { execute } from "../exec/run-command";
import type { CommandTranscript } from "../exec/transcript";
import { InfrastructureError } from "../report/infrastructure-error";
import { slimImageArchive } from "./slim-image-archive";

/** Puts an image built on this machine into the cluster's container runtime, without a registry. */
export interface ImageImporter {
  import(tag: string): Promise<CommandTranscript>;
}

async function saveImage(docker: Dockerode, tag: string): Promise<Buffer> {
  const stream = await docker.getImage(tag).get();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A tar archive holding one file, as Docker's copy-into-container API wants it. */
export async function singleFileArchive(name: string, content: Buffer): Promise<Readable> {
  const archive = pack();
  archive.entry({ name, size: content.length }, content);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Readable.from(Buffer.concat(chunks));
}

export function imageArchiveName(tag: string): string {
  return `lab-image-${tag.replace(/[^\w.-]+/g, "_")}.tar`;
}

/**
 * k3s in Docker: `docker save`, copy the archive in, `ctr -n k8s.io images import` it. The archive
 * leaves out the layers the node already holds (slim-image-archive.ts); should containerd refuse
 * it, the whole archive is imported as before, and the transcript says so.
 */
export function k3sContainerImporter(containerId: string): ImageImporter {
  return {
    async import(tag) {
      const client = await getContainerRuntimeClient();
      const docker = client.container.dockerode;
      const container = client.container.getById(containerId);
      const started = performance.now();
      const exec = (command: string[]) => client.container.exec(container, command);
      // Unique per import: two labs seeding the same fixture in the same second get the same commit,
      // hence the same tag, and one's `rm -f` would delete the archive the other is importing.
      const file = `${randomUUID().slice(0, 8)}-${imageArchiveName(tag)}`;
      const importArchive = async (archive: Buffer) => {
        await client.container.putArchive(container, await singleFileArchive(file, archive), "/tmp");
        const result = await exec(["ctr", "-n", "k8s.io", "images", "import", `/tmp/${file}`]);
        await exec(["rm", "-f", `/tmp/${file}`]);
        return result;
      };
      const whole = `docker save ${tag} | (copy into the k3s container) && ctr -n k8s.io images import /tmp/${file}`;
      let command: string;
      let result: ExecResult;
      try {
        const listed = await exec(["ctr", "-n", "k8s.io", "content", "ls", "-q"]);
        const held = new Set(listed.exitCode === 0 ? listed.stdout.split(/\s+/) : []);
        const slim = await slimImageArchive(await docker.getImage(tag).get(), tag, held);
        command = `docker save ${tag} | (leave out the ${slim.leftOut.layers} layers, ${Math.round(slim.leftOut.bytes / 1e6)} MB, the node holds; copy the rest into the k3s container) && ctr -n k8s.io images import /tmp/${file}`;
        result = await importArchive(slim.archive);
      } catch (error) {
        command = `leaving out the layers the node holds failed: ${error instanceof Error ? error.message : error}`;
        result = { output: "", stdout: "", stderr: "", exitCode: 1 };
      }
      if (result.exitCode !== 0) {
        command = `${command}\nrefused (exit ${result.exitCode}) ${result.output}\nthen the whole image: ${whole}`;
        result = await importArchive(await saveImage(docker, tag));
      }
      return {
        command,
        stdout: result.stdout,
        stderr: result.stderr,
        exitCode: result.exitCode,
        durationMs: performance.now() - started,
      };
    },
  };
}

export const IMAGE_IMPORT_COMMAND_ENV = "LAB_IMAGE_IMPORT_COMMAND";

/**
 * An existing cluster: the user says how images reach it, e.g.
 * `k3d image import {image} -c mycluster` or `kind load docker-image {image}`.
 */
export function commandImporter(template: string): ImageImporter {
  return {
    import(tag) {
      const argv = template
        .split(/\s+/)
        .filter(Boolean)
        .map((part) => part.replaceAll("{image}", tag));
      return execute(argv);
    },
  };
}

/** How this run's images reach the cluster: into the k3s container, or by the user's command for an existing cluster. */
export function clusterImageImporter(k3sContainerId: string | undefined, env = process.env): ImageImporter {
  if (k3sContainerId) return k3sContainerImporter(k3sContainerId);
  const template = env[IMAGE_IMPORT_COMMAND_ENV]?.trim();
  if (!template) {
    throw new InfrastructureError(
      `LAB_CLUSTER=existing needs ${IMAGE_IMPORT_COMMAND_ENV}: the labs build the course's app image on this machine and must load it into your cluster without a registry. ` +
        `Set it to your cluster's image loader with {image} where the image goes, e.g. ${IMAGE_IMPORT_COMMAND_ENV}="kind load docker-image {image}" or "k3d image import {image} -c mycluster".`,
    );
  }
  return commandImporter(template);
}
