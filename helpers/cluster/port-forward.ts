import { spawn } from "node:child_process";
import { InfrastructureError } from "../report/infrastructure-error";

export interface PortForward {
  url: string;
  stop: () => Promise<void>;
}

/** kubectl prints "Forwarding from 127.0.0.1:43127 -> 8080" once the local port listens. */
export function forwardedPort(output: string): number | undefined {
  const port = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(output)?.[1];
  return port ? Number(port) : undefined;
}

/**
 * `kubectl port-forward` to a Service, on a free loopback port: how an existing
 * cluster's argocd-server is reached without exposing it.
 */
export function startPortForward(input: {
  kubeconfigPath: string;
  namespace: string;
  service: string;
  servicePort: number;
  timeoutMs?: number;
}): Promise<PortForward> {
  const args = [
    "port-forward",
    "-n",
    input.namespace,
    `svc/${input.service}`,
    `0:${input.servicePort}`,
    "--address",
    "127.0.0.1",
  ];
  const child = spawn("kubectl", args, { env: { ...process.env, KUBECONFIG: input.kubeconfigPath } });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill();
    });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      void stop();
      reject(
        new InfrastructureError(
          `kubectl port-forward to ${input.namespace}/${input.service} did not start within ${(input.timeoutMs ?? 30_000) / 1000} s (it said: ${output.trim() || "nothing"}). Check that the Service exists and your kubeconfig may port-forward.`,
        ),
      );
    }, input.timeoutMs ?? 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const port = forwardedPort(output);
      if (port) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${port}`, stop });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(
        new InfrastructureError(
          `Could not run kubectl for the port-forward to Argo CD (${error.message}). LAB_CLUSTER=existing needs kubectl on the PATH.`,
        ),
      );
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (!forwardedPort(output)) {
        reject(
          new InfrastructureError(
            `kubectl port-forward to ${input.namespace}/${input.service} exited with ${code}: ${output.trim()}`,
          ),
        );
      }
    });
  });
}
