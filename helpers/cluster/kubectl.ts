import { getContainerRuntimeClient } from "testcontainers";
import { execute } from "../exec/run-command";
import { type CommandTranscript, commandLine } from "../exec/transcript";

/**
 * Where the course's kubectl commands run: inside the k3s container (its own
 * kubectl, admin kubeconfig) or, for an existing cluster, the host's kubectl
 * with the run's KUBECONFIG. Both give a person's transcript.
 */
export interface KubectlRunner {
  readonly where: string;
  /**
   * Runs `kubectl <args>`. `env` is set for kubectl (e.g. KUBE_EDITOR); `stdin`
   * is piped in (for `apply -f -`); `display` is the line shown in the transcript.
   */
  run(args: readonly string[], options?: KubectlOptions): Promise<CommandTranscript>;
}

export interface KubectlOptions {
  env?: Record<string, string>;
  stdin?: string;
  display?: string;
}

/** The line a person would type, with the environment variables they would set in front. */
export function kubectlDisplay(args: readonly string[], env: Record<string, string> = {}): string {
  const prefix = Object.entries(env).map(([k, v]) => `${k}=${commandLine([v])} `);
  return `${prefix.join("")}${commandLine(["kubectl", ...args])}`;
}

// Container exec has no stdin, so piped input travels in an environment variable.
const STDIN_VAR = "LAB_KUBECTL_STDIN";
// Linux refuses a single environment string over 128 KiB (MAX_ARG_STRLEN) with a bare E2BIG from the runtime.
export const MAX_CONTAINER_STDIN_BYTES = 120 * 1024;

/** The shell command that runs kubectl inside the k3s container, feeding `stdin` when given. */
export function containerKubectlCommand(args: readonly string[], withStdin: boolean): string[] {
  const kubectl = commandLine(["kubectl", ...args]);
  return ["sh", "-c", withStdin ? `printf '%s' "$${STDIN_VAR}" | ${kubectl}` : kubectl];
}

export function containerKubectl(containerId: string): KubectlRunner {
  return {
    where: "kubectl inside the k3s container",
    async run(args, options = {}) {
      const client = await getContainerRuntimeClient();
      if (options.stdin !== undefined && Buffer.byteLength(options.stdin) > MAX_CONTAINER_STDIN_BYTES) {
        throw new Error(
          `kubectl ${args.join(" ")}: ${Buffer.byteLength(options.stdin)} bytes of input are too many to pass into the k3s container ` +
            `(at most ${MAX_CONTAINER_STDIN_BYTES}); stage the manifest as a file instead (see install-components' StageManifest).`,
        );
      }
      const container = client.container.getById(containerId);
      const env = { ...options.env, ...(options.stdin === undefined ? {} : { [STDIN_VAR]: options.stdin }) };
      const started = performance.now();
      const result = await client.container.exec(
        container,
        containerKubectlCommand(args, options.stdin !== undefined),
        {
          env,
        },
      );
      return {
        command: options.display ?? kubectlDisplay(args, options.env),
        stdout: result.stdout,
        stderr: result.stderr,
        exitCode: result.exitCode,
        durationMs: performance.now() - started,
      };
    },
  };
}

export function hostKubectl(kubeconfigPath: string, kubectlBinary = "kubectl"): KubectlRunner {
  return {
    where: `${kubectlBinary} on this machine (KUBECONFIG=${kubeconfigPath})`,
    run(args, options = {}) {
      return execute([kubectlBinary, ...args], {
        env: { ...process.env, KUBECONFIG: kubeconfigPath, ...options.env },
        input: options.stdin,
        displayAs: options.display ?? kubectlDisplay(args, options.env),
      });
    },
  };
}
