import type { CoreV1Event, V1ContainerStatus, V1ReplicaSet } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { waitUntil } from "../wait/wait-until";
import { containerStartedOnImage, containerStartedVerdict } from "./container-started";
import { makeKubeClients } from "./kube-clients";
import { IMAGE_V1, samplePod, waitingContainer } from "./sample-pods";
import { listBody, useStubKubeApi } from "./stub-kube-api";

const NGINX = "nginx:latest";
const GIT_RS = "grade-submission-api-6b8f9c7d5d";
const NGINX_RS = "grade-submission-api-7d9c4f6b8";
const NGINX_POD = `${NGINX_RS}-x2k4p`;

function replicaSet(name: string, image: string): V1ReplicaSet {
  return {
    metadata: { name, labels: { app: "grade-submission-api" } },
    spec: {
      selector: { matchLabels: { app: "grade-submission-api" } },
      template: { spec: { containers: [{ name: "app", image }] } },
    },
  };
}

const sets = [replicaSet(GIT_RS, IMAGE_V1), replicaSet(NGINX_RS, NGINX)];

/** An event as the kubelet records it, about a pod's container "app" unless told. */
function podEvent(pod: string, reason: string, message = "", container = "app"): CoreV1Event {
  return {
    metadata: { name: `${pod}.${reason}` },
    involvedObject: {
      kind: "Pod",
      name: pod,
      namespace: "grade",
      fieldPath: `spec.containers{${container}}`,
    },
    reason,
    message,
    firstTimestamp: new Date("2026-11-26T14:00:07Z"),
  };
}

const pulled = podEvent(NGINX_POD, "Pulled", `Container image "${NGINX}" already present on machine`);
const started = podEvent(NGINX_POD, "Started", "Container started");
const nginxStatus = (status: Partial<V1ContainerStatus>): V1ContainerStatus => ({
  name: "app",
  image: "docker.io/library/nginx:latest",
  imageID: "",
  ready: false,
  restartCount: 0,
  ...status,
});
const nginxPod = (status: V1ContainerStatus) =>
  samplePod(NGINX_POD, { image: NGINX, ready: false, container: status });

describe("a container started on the image a hotfix set", () => {
  it("passes on the kubelet's Started event, after self-heal took the pod away", () => {
    const verdict = containerStartedVerdict(
      { replicaSets: sets, pods: [], events: [pulled, started] },
      NGINX,
    );
    expect(verdict).toEqual({
      state: "pass",
      message: `pod ${NGINX_POD} of ReplicaSet ${NGINX_RS}: container app started on ${NGINX} at 2026-11-26T14:00:07.000Z (the kubelet's Started event; Pulled: Container image "${NGINX}" already present on machine)`,
    });
  });

  it("passes on a live pod whose container runs, or ran before it restarted", () => {
    const running = nginxStatus({ state: { running: { startedAt: new Date("2026-11-26T14:00:08Z") } } });
    expect(
      containerStartedVerdict({ replicaSets: sets, pods: [nginxPod(running)], events: [] }, NGINX),
    ).toEqual({
      state: "pass",
      message: `pod ${NGINX_POD} of ReplicaSet ${NGINX_RS}: container app started on ${NGINX} at 2026-11-26T14:00:08.000Z (its status: docker.io/library/nginx:latest)`,
    });
    const restarted = nginxStatus({
      state: { waiting: { reason: "CrashLoopBackOff" } },
      lastState: { terminated: { exitCode: 1, startedAt: new Date("2026-11-26T14:00:09Z") } },
    });
    expect(
      containerStartedVerdict({ replicaSets: sets, pods: [nginxPod(restarted)], events: [] }, NGINX).state,
    ).toBe("pass");
  });

  it("is pending while no ReplicaSet runs the image", () => {
    expect(
      containerStartedVerdict({ replicaSets: [sets[0] as V1ReplicaSet], pods: [], events: [] }, NGINX),
    ).toEqual({
      state: "pending",
      message: `no ReplicaSet on ${NGINX}; ReplicaSets: ${GIT_RS}`,
    });
  });

  it("is pending when the pod went before its container started, saying what it went through", () => {
    const neverStarted = nginxStatus({
      state: { terminated: { exitCode: 137, reason: "ContainerStatusUnknown" } },
    });
    const verdict = containerStartedVerdict(
      {
        replicaSets: sets,
        pods: [nginxPod(neverStarted), samplePod(`${GIT_RS}-abcde`)],
        events: [podEvent(NGINX_POD, "Scheduled", "", ""), pulled],
      },
      NGINX,
    );
    expect(verdict).toEqual({
      state: "pending",
      message: `ReplicaSet ${NGINX_RS} on ${NGINX}, no container of its pods started yet; its pods now: 1 pod: ${NGINX_POD} Running not ready (ContainerStatusUnknown); their events: ${NGINX_POD}: Scheduled, Pulled`,
    });
  });

  it("counts no start of another ReplicaSet's pod, of another container, or of a pod only named alike", () => {
    const events = [
      podEvent(`${GIT_RS}-abcde`, "Started"),
      podEvent(NGINX_POD, "Started", "", "sidecar"),
      podEvent(`${NGINX_RS}0-x2k4p`, "Started"),
      { ...started, involvedObject: { ...started.involvedObject, kind: "ReplicaSet" } },
      { ...started, reason: "Created" },
    ];
    const others = [samplePod(`${GIT_RS}-abcde`), nginxPod(waitingContainer("ContainerCreating"))];
    expect(containerStartedVerdict({ replicaSets: sets, pods: others, events }, NGINX).state).toBe("pending");
  });
});

describe("containerStartedOnImage", () => {
  const stubs = useStubKubeApi();

  it("reads the app's ReplicaSets and pods by label, and the namespace's pod events", async () => {
    const stub = await stubs.start([
      {
        method: "GET",
        path: "/apis/apps/v1/namespaces/grade/replicasets",
        reply: () => listBody("ReplicaSetList", sets),
      },
      { method: "GET", path: "/api/v1/namespaces/grade/pods", reply: () => listBody("PodList", []) },
      {
        method: "GET",
        path: "/api/v1/namespaces/grade/events",
        reply: () => listBody("EventList", [pulled, started]),
      },
    ]);
    const waited = containerStartedOnImage(
      makeKubeClients(stub.kubeconfig),
      "grade",
      { app: "grade-submission-api" },
      NGINX,
    );
    expect(waited.description).toBe(
      "a container of app=grade-submission-api started on nginx:latest (running, or the kubelet's Started event)",
    );
    expect((await waitUntil(waited, { timeout: 5_000 })).message).toMatch(/the kubelet's Started event/);
    const query = (path: string, key: string) =>
      stub.requests.find((r) => r.path.endsWith(path))?.query.get(key);
    expect(query("/replicasets", "labelSelector")).toBe("app=grade-submission-api");
    expect(query("/pods", "labelSelector")).toBe("app=grade-submission-api");
    expect(query("/events", "fieldSelector")).toBe("involvedObject.kind=Pod");
  });
});
