import {
  getGlobalTestRuntime,
  MessageHolderTestRuntime,
  setGlobalTestRuntime,
} from "allure-js-commons/sdk/runtime";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REDACTED } from "../report/redaction";
import type { ArgoCdApi } from "./argocd-api";
import { APP, APP_PATH, clientOf, PASSWORD, sampleApp } from "./fake-argocd-client";
import { type FakeArgoCd, sendGrpcError, sendJson, startFakeArgoCd } from "./fake-argocd-server";

// The session is reached as the labs reach it: through ArgoCdApi's endpoints.

let fake: FakeArgoCd;
let api: ArgoCdApi;

const newApi = (overrides?: Parameters<typeof clientOf>[1]) => clientOf(fake, overrides);

const app = sampleApp;

beforeEach(async () => {
  fake = await startFakeArgoCd({ alice: PASSWORD });
  api = newApi();
});
afterEach(() => fake.close());

describe("ArgoCdSession: report", () => {
  let previous: ReturnType<typeof getGlobalTestRuntime>;
  let recorder: MessageHolderTestRuntime;
  beforeEach(() => {
    previous = getGlobalTestRuntime();
    recorder = new MessageHolderTestRuntime();
    setGlobalTestRuntime(recorder);
  });
  afterEach(() => setGlobalTestRuntime(previous));

  const recorded = () => {
    const messages = recorder.messages();
    const steps = messages.flatMap((m) => (m.type === "step_start" ? [m.data.name] : []));
    const attachments = messages.flatMap((m) =>
      m.type === "attachment_content"
        ? [{ name: m.data.name, text: Buffer.from(m.data.content, "base64").toString("utf8") }]
        : [],
    );
    return { steps, attachments };
  };

  it("runs each call as a step named after what it does, with request and response attached", async () => {
    fake.route("POST", `${APP_PATH}/sync`, (_, res) => sendJson(res, 200, app()));
    await api.syncApplication(APP, { prune: true });
    const { steps, attachments } = recorded();
    expect(steps).toEqual([
      "Argo CD API as alice: sync application t07-grade-api (prune=true)",
      "Argo CD API as alice: log in",
    ]);
    expect(attachments.map((a) => a.name)).toEqual([
      "request",
      "request",
      "response: HTTP 200",
      expect.stringMatching(/^response: HTTP 200 after \d+ ms$/),
    ]);
    expect(attachments[0]?.text).toBe(
      `POST ${APP_PATH}/sync\nas alice\nContent-Type: application/json\n\n{\n  "prune": true\n}`,
    );
  });

  it("never lets the password or a token into an attachment or an error message", async () => {
    const newPassword = "alice-rotated-pass";
    fake.route("GET", APP_PATH, (_, res) => sendJson(res, 200, app()));
    fake.route("PUT", "/api/v1/account/password", (req, res) => {
      fake.setPassword("alice", (JSON.parse(req.body) as { newPassword: string }).newPassword);
      fake.revokeTokens();
      sendJson(res, 200, {});
    });
    // A server that echoes what it got is the worst case for leaks.
    fake.route("POST", `${APP_PATH}/sync`, (req, res) =>
      sendGrpcError(res, 400, 3, `bad request ${req.headers.authorization} ${PASSWORD}`),
    );
    await api.getApplication(APP);
    await api.updatePassword({ name: "alice", newPassword, currentPassword: PASSWORD });
    await api.getApplication(APP);
    const error = (await api.syncApplication(APP).catch((e: unknown) => e)) as Error;

    const secrets = [PASSWORD, newPassword, ...fake.tokens];
    expect(fake.tokens).toHaveLength(2);
    const { attachments } = recorded();
    const texts = [...attachments.map((a) => a.text), error.message];
    for (const secret of secrets) expect(texts.filter((t) => t.includes(secret))).toEqual([]);
    expect(error.message).toContain("[REDACTED]");
    expect(attachments.some((a) => a.text.includes('"newPassword": "[REDACTED]"'))).toBe(true);
  });

  it("masks password and token fields too short to be registered as secrets, both ways", async () => {
    // registerSecret ignores values under 6 characters, so only the field masking hides these.
    const [short, shorter, echoed] = ["Qz7", "Vw4", "Jk2"];
    fake.setPassword("bob", short);
    fake.route("PUT", "/api/v1/account/password", (req, res) => {
      fake.setPassword("bob", (JSON.parse(req.body) as { newPassword: string }).newPassword);
      fake.revokeTokens();
      sendJson(res, 200, {});
    });
    const repo = "http://git.example:8081/grade-api-gitops.git";
    fake.route("GET", `/api/v1/repositories/${encodeURIComponent(repo)}`, (_, res) =>
      sendJson(res, 200, {
        repo,
        username: "git",
        password: echoed,
        connectionState: { status: "Successful" },
      }),
    );
    const bob = newApi({ username: "bob", password: short });
    await bob.updatePassword({ name: "bob", newPassword: shorter, currentPassword: short });
    await expect(bob.getRepository(repo, { forceRefresh: false })).resolves.toEqual({ status: "Successful" });

    const { attachments } = recorded();
    const leaks = attachments.filter((a) => [short, shorter, echoed].some((s) => a.text.includes(`"${s}"`)));
    expect(leaks).toEqual([]);
    const texts = attachments.map((a) => a.text);
    expect(texts).toContainEqual(expect.stringContaining(`"username": "bob",\n  "password": "${REDACTED}"`));
    expect(texts).toContainEqual(
      expect.stringContaining(`"newPassword": "${REDACTED}",\n  "currentPassword": "${REDACTED}"`),
    );
    expect(texts).toContainEqual(expect.stringContaining(`"username": "git",\n  "password": "${REDACTED}"`));
  });
});
