import { describe, expect, it } from "vitest";
import { WaitFailedError } from "../wait/wait-errors";
import { waitUntil } from "../wait/wait-until";
import { makeKubeClients } from "./kube-clients";
import { crashLoopContainer, IMAGE_V2, samplePod as pod, waitingContainer as waiting } from "./sample-pods";
import { listBody, statusBody, useStubKubeApi } from "./stub-kube-api";
import {
  crashLoopVerdict,
  goneVerdict,
  objectGone,
  podsReady,
  podsReadyVerdict,
  podsReplacedVerdict,
  recreatedVerdict,
  selectorString,
} from "./workload-state";

const pullBackOff = waiting(
  "ImagePullBackOff",
  `Back-off pulling image "${IMAGE_V2}": ErrImagePull: failed to resolve reference`,
);
const creating = waiting("ContainerCreating");
const crashLoop = crashLoopContainer();

describe("podsReady", () => {
  it("fails fast on ImagePullBackOff, naming pod, container and reason", () => {
    const verdict = podsReadyVerdict([
      pod("api-ok"),
      pod("api-new", { ready: false, phase: "Pending", container: pullBackOff }),
    ]);
    expect(verdict.state).toBe("fail");
    expect(verdict.message).toBe(
      `pod api-new container app is in ImagePullBackOff: Back-off pulling image "${IMAGE_V2}": ErrImagePull: failed to resolve reference; 2 pods: api-ok Running ready, api-new Pending (ImagePullBackOff)`,
    );
  });

  it.each(["ErrImagePull", "InvalidImageName", "CreateContainerConfigError"])(
    "fails fast on %s",
    (reason) => {
      expect(
        podsReadyVerdict([pod("api-x", { ready: false, phase: "Pending", container: waiting(reason) })])
          .state,
      ).toBe("fail");
    },
  );

  it("is pending while pods are still coming, with the summary", () => {
    const verdict = podsReadyVerdict([
      pod("a"),
      pod("b", { phase: "Pending", ready: false, container: creating }),
    ]);
    expect(verdict).toEqual({
      state: "pending",
      message: "2 pods: a Running ready, b Pending (ContainerCreating)",
    });
    expect(podsReadyVerdict([]).state).toBe("pending");
  });

  it("counts live pods only and checks the image", () => {
    const pods = [
      pod("a", { image: IMAGE_V2 }),
      pod("b", { image: IMAGE_V2 }),
      pod("old", { deleting: true }),
    ];
    expect(podsReadyVerdict(pods, { count: 2, image: IMAGE_V2 }).state).toBe("pass");
    expect(podsReadyVerdict(pods, { count: 3 }).message).toMatch(/^2 live of 3 wanted; 3 pods: /);
    expect(podsReadyVerdict([pod("a"), pod("b", { image: IMAGE_V2 })], { image: IMAGE_V2 }).message).toMatch(
      new RegExp(`^a not on ${IMAGE_V2.replace(/[.]/g, "\\.")};`),
    );
  });
});

describe("podsCrashLooping", () => {
  it("passes on CrashLoopBackOff with enough restarts, quoting the last exit", () => {
    const verdict = crashLoopVerdict([pod("api-a", { ready: false, container: crashLoop })], {
      minRestarts: 2,
    });
    expect(verdict.state).toBe("pass");
    expect(verdict.message).toMatch(
      /^pod api-a container app in CrashLoopBackOff after 3 restarts, last exit code 1 \(Error\); 1 pod: /,
    );
  });

  it("is pending before enough restarts, and fails on an image that cannot even be pulled", () => {
    expect(
      crashLoopVerdict([pod("api-a", { ready: false, container: crashLoop })], { minRestarts: 4 }).state,
    ).toBe("pending");
    expect(crashLoopVerdict([pod("api-a", { ready: false, container: pullBackOff })]).state).toBe("fail");
  });
});

describe("podsReplaced", () => {
  it("passes only when every live pod is new and Ready", () => {
    const old = ["uid-a", "uid-b"];
    expect(podsReplacedVerdict([pod("a"), pod("c")], old).message).toMatch(/^old pods still live: a;/);
    expect(podsReplacedVerdict([pod("a", { deleting: true }), pod("c", { ready: false })], old).state).toBe(
      "pending",
    );
    const done = podsReplacedVerdict([pod("a", { deleting: true }), pod("c"), pod("d")], old, { count: 2 });
    expect(done.state).toBe("pass");
    expect(done.message).toBe(
      "all live pods are new; 3 pods: a Terminating, c Running ready, d Running ready",
    );
  });
});

describe("objects gone and recreated", () => {
  const obj = (uid: string, deleting = false) => ({
    metadata: {
      name: "grade-submission-api",
      uid,
      ...(deleting
        ? { deletionTimestamp: new Date("2025-11-26T14:03:00Z"), finalizers: ["foregroundDeletion"] }
        : {}),
    },
  });

  it("say what is still there", () => {
    expect(goneVerdict("Deployment grade/api", obj("u1", true))).toEqual({
      state: "pending",
      message:
        "Deployment grade/api still exists (uid u1, being deleted since 2025-11-26T14:03:00.000Z, finalizers [foregroundDeletion])",
    });
    expect(goneVerdict("Deployment grade/api", undefined).state).toBe("pass");
    expect(recreatedVerdict("Deployment grade/api", obj("u1"), "u1").state).toBe("pending");
    expect(recreatedVerdict("Deployment grade/api", undefined, "u1").state).toBe("pending");
    expect(recreatedVerdict("Deployment grade/api", obj("u2"), "u1")).toEqual({
      state: "pass",
      message: "Deployment grade/api recreated with uid u2 (was u1)",
    });
  });
});

describe("expectations against a stub API server", () => {
  const stubs = useStubKubeApi();

  it("podsReady lists by label selector and a wait stops at once on ImagePullBackOff", async () => {
    const stub = await stubs.start([
      {
        method: "GET",
        path: "/api/v1/namespaces/grade/pods",
        reply: () =>
          listBody("PodList", [pod("api-new", { ready: false, phase: "Pending", container: pullBackOff })]),
      },
    ]);
    const k = makeKubeClients(stub.kubeconfig);
    const started = performance.now();
    const error = await waitUntil(podsReady(k, "grade", { app: "grade-submission-api" }, { count: 3 }), {
      timeout: 60_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitFailedError);
    expect((error as Error).message).toMatch(
      /^Gave up waiting for pods app=grade-submission-api in grade Ready \(3 pods\) after 0\.\d s: pod api-new container app is in ImagePullBackOff: /,
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(stub.requests.map((r) => r.query.get("labelSelector"))).toEqual(["app=grade-submission-api"]);
  });

  it("objectGone reads through discovery and reports NotFound as gone", async () => {
    let present = true;
    const stub = await stubs.start([
      {
        method: "GET",
        path: "/apis/apps/v1",
        reply: () => ({
          body: {
            kind: "APIResourceList",
            groupVersion: "apps/v1",
            resources: [
              {
                name: "deployments",
                singularName: "deployment",
                namespaced: true,
                kind: "Deployment",
                verbs: ["get"],
              },
            ],
          },
        }),
      },
      {
        method: "GET",
        path: "/apis/apps/v1/namespaces/grade/deployments/grade-submission-api",
        reply: () =>
          present
            ? {
                body: {
                  apiVersion: "apps/v1",
                  kind: "Deployment",
                  metadata: { name: "grade-submission-api", uid: "u1" },
                },
              }
            : statusBody(404, "NotFound", 'deployments.apps "grade-submission-api" not found'),
      },
    ]);
    const gone = objectGone(makeKubeClients(stub.kubeconfig), "Deployment", "grade", "grade-submission-api");
    expect(gone.description).toBe("Deployment grade/grade-submission-api gone");
    expect(await gone.check()).toEqual({
      state: "pending",
      message: "Deployment grade/grade-submission-api still exists (uid u1)",
    });
    present = false;
    expect((await gone.check()).state).toBe("pass");
  });

  it("selectors can be given as labels", () => {
    expect(selectorString({ app: "grade-submission-api", tier: "api" })).toBe(
      "app=grade-submission-api,tier=api",
    );
  });
});
