import net from "node:net";
import { CoreV1Api, type KubeConfig, PortForward } from "@kubernetes/client-node";
import { InfrastructureError } from "../report/infrastructure-error";

export interface ServiceForward {
  url: string;
  stop: () => Promise<void>;
}

/** The pod port a Service port leads to: client-node forwards to pods, not to Services. */
async function podPortBehind(kc: KubeConfig, namespace: string, service: string, servicePort: number) {
  const svc = await kc
    .makeApiClient(CoreV1Api)
    .readNamespacedService({ name: service, namespace })
    .catch((error: unknown) => {
      throw new InfrastructureError(
        `Could not read the Service ${namespace}/${service} to port-forward to it (${error instanceof Error ? error.message.split("\n")[0] : String(error)}). Check that it exists and your kubeconfig may read it.`,
      );
    });
  const port = svc.spec?.ports?.find((p) => p.port === servicePort);
  const target = port?.targetPort ?? port?.port;
  if (typeof target !== "number") {
    throw new InfrastructureError(
      `The Service ${namespace}/${service} has no port ${servicePort} with a numbered targetPort (it has ${JSON.stringify(svc.spec?.ports ?? [])}), so the suite cannot tell which pod port to forward to.`,
    );
  }
  return target;
}

/**
 * A loopback port that reaches a Service's pods through the API server, as
 * `kubectl port-forward svc/…` does, with client-node. Each connection picks a
 * ready pod anew, so a restarted pod does not end the forward.
 */
export async function startPortForward(input: {
  kc: KubeConfig;
  namespace: string;
  service: string;
  servicePort: number;
}): Promise<ServiceForward> {
  const { kc, namespace, service } = input;
  const podPort = await podPortBehind(kc, namespace, service, input.servicePort);
  const forwarder = new PortForward(kc);
  const open = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    // A connection that fails is the client's error to see, never an unhandled one here.
    socket.on("error", () => socket.destroy());
    forwarder
      .portForwardService(namespace, service, [podPort], socket, null, socket)
      .then((ws) => {
        if (typeof ws === "function") return;
        ws.on("close", () => socket.end());
        ws.on("error", () => socket.destroy());
        socket.on("close", () => ws.close());
      })
      .catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
