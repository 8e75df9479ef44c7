import {
  getGlobalTestRuntime,
  MessageHolderTestRuntime,
  setGlobalTestRuntime,
} from "allure-js-commons/sdk/runtime";
import { afterEach, describe, expect, it } from "vitest";
import { makeKubeClients } from "../kube/kube-clients";
import { statusBody, useStubKubeApi } from "../kube/stub-kube-api";
import { attachDiagnostics, formatEvents } from "./diagnostics";

const stubs = useStubKubeApi();
const previousRuntime = getGlobalTestRuntime();
afterEach(() => {
  setGlobalTestRuntime(previousRuntime);
});

const pod = (namespace: string, name: string) => ({
  metadata: { name, namespace },
  spec: { containers: [{ name: "app" }] },
  status: { phase: "Running" },
});

describe("diagnostics collected when a lab fails (request shapes against a stub API)", () => {
  it("asks for the lab's Applications, Rollouts, events, pods with current and previous logs, and controller logs since the start", async () => {
    const stub = await stubs.start([
      {
        method: "GET",
        path: /\/applications$/,
        reply: () => ({ body: { items: [{ metadata: { name: "grade-api-t01", managedFields: [1] } }] } }),
      },
      {
        method: "GET",
        path: /\/rollouts$/,
        reply: () => statusBody(404, "NotFound", "the server could not find the requested resource"),
      },
      { method: "GET", path: /\/events$/, reply: () => ({ body: { items: [] } }) },
      {
        method: "GET",
        path: /\/namespaces\/[^/]+\/pods$/,
        reply: (r) => ({
          body: {
            items: r.path.includes("/t01-x/") ? [pod("t01-x", "api-1")] : [pod("argocd", "controller-0")],
          },
        }),
      },
      {
        method: "GET",
        path: /\/log$/,
        reply: (r) => ({ body: `log of ${r.path} previous=${r.query.get("previous") ?? "no"}` }),
      },
    ]);
    const runtime = new MessageHolderTestRuntime();
    setGlobalTestRuntime(runtime);
    await attachDiagnostics({
      kube: makeKubeClients(stub.kubeconfig),
      labId: "T01",
      namespace: "t01-x",
      startedAt: new Date(Date.now() - 60_000),
      repos: [],
      timeline: "+   0.0 s  app  sync=Synced",
    });
    const asked = stub.requests.map((r) => `${r.path}?${r.query.toString()}`);
    expect(asked).toContainEqual(
      expect.stringMatching(
        /^\/apis\/argoproj\.io\/v1alpha1\/namespaces\/argocd\/applications\?labelSelector=gitops-conformance%2Flab-id%3DT01$/,
      ),
    );
    expect(asked).toContainEqual("/api/v1/namespaces/t01-x/pods/api-1/log?container=app");
    expect(asked).toContainEqual("/api/v1/namespaces/t01-x/pods/api-1/log?container=app&previous=true");
    const controllerLogs = stub.requests.filter(
      (r) => r.path.startsWith("/api/v1/namespaces/argocd/pods/") && r.query.has("sinceSeconds"),
    );
    expect(controllerLogs.length).toBeGreaterThan(0);
    expect(Number(controllerLogs[0]?.query.get("sinceSeconds"))).toBeGreaterThanOrEqual(60);
    const attachments = runtime
      .messages()
      .flatMap((m) => (m.type === "step_start" || m.type === "attachment_content" ? [m] : []));
    const names = attachments.map((m) => ("name" in m.data ? m.data.name : ""));
    expect(names).toEqual(
      expect.arrayContaining(["Applications (YAML)", "Rollouts (YAML)", "pod logs (previous containers)"]),
    );
    const rollouts = runtime
      .messages()
      .find((m) => m.type === "attachment_content" && m.data.name === "Rollouts (YAML)");
    // One piece that cannot be read is noted, and the rest still attach.
    const content = (rollouts?.data as { content?: string } | undefined)?.content;
    expect(Buffer.from(String(content), "base64").toString()).toContain("could not collect: 404");
  });
});

describe("the events of a failed lab", () => {
  it("come oldest first by time, with ISO timestamps, across midnight too", () => {
    const event = (reason: string, time: { lastTimestamp?: Date; eventTime?: Date }) => ({
      type: "Normal",
      reason,
      message: reason.toLowerCase(),
      involvedObject: { kind: "Pod", name: "api-1" },
      metadata: {},
      ...time,
    });
    const text = formatEvents([
      // Monday after midnight: as Date strings, "Mon …" sorted before "Sun …".
      event("Started", { lastTimestamp: new Date("2026-11-30T00:00:02Z") }),
      event("Scheduled", { eventTime: new Date("2026-11-29T23:59:58Z") }),
    ]);
    expect(text.split("\n")).toEqual([
      "2026-11-29T23:59:58.000Z Normal Scheduled Pod/api-1: scheduled",
      "2026-11-30T00:00:02.000Z Normal Started Pod/api-1: started",
    ]);
  });
});
