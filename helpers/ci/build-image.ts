import type Dockerode from "dockerode";
import { getContainerRuntimeClient } from "testcontainers";
import { type CommandTranscript, commandLine } from "../exec/transcript";

export interface ImageBuild {
  contextDir: string;
  /** The files of the context to send (the app is small: no .dockerignore needed). */
  files: string[];
  tag: string;
  buildArgs: Record<string, string>;
  /** Labels on the image, e.g. the run's, so the run can remove what it built. */
  labels?: Record<string, string>;
}

interface BuildMessage {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/** What `docker build` would print: the builder's output lines, and its error if any. */
export function buildLog(messages: readonly BuildMessage[]): { output: string; error?: string } {
  const output = messages.map((m) => m.stream ?? (m.status ? `${m.status}\n` : "")).join("");
  const failed = messages.find((m) => m.error || m.errorDetail?.message);
  return { output, error: failed ? (failed.errorDetail?.message ?? failed.error) : undefined };
}

export function dockerBuildCommand(build: ImageBuild): string {
  const args = Object.entries(build.buildArgs).flatMap(([k, v]) => ["--build-arg", `${k}=${v}`]);
  return commandLine(["docker", "build", "-t", build.tag, ...args, "."]);
}

/**
 * Builds the app image through Docker's API (the same engine testcontainers
 * uses, so no docker CLI is needed) and returns the build as a transcript.
 */
export async function buildImage(build: ImageBuild): Promise<CommandTranscript> {
  const docker: Dockerode = (await getContainerRuntimeClient()).container.dockerode;
  const started = performance.now();
  const stream = await docker.buildImage(
    { context: build.contextDir, src: build.files },
    { t: build.tag, buildargs: build.buildArgs, labels: build.labels },
  );
  const messages = await new Promise<BuildMessage[]>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, result: BuildMessage[]) =>
      error ? reject(error) : resolve(result),
    ),
  );
  const log = buildLog(messages);
  return {
    command: dockerBuildCommand(build),
    stdout: log.output,
    stderr: log.error ?? "",
    exitCode: log.error ? 1 : 0,
    durationMs: performance.now() - started,
  };
}
