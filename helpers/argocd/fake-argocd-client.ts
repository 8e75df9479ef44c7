import { ArgoCdApi } from "./argocd-api";
import type { FakeArgoCd, RecordedRequest } from "./fake-argocd-server";

/** For self-tests only: the client and sample data the Argo CD client's tests share. */
export const PASSWORD = "alice-s3cret-password";
export const APP = "t07-grade-api";
export const APP_PATH = `/api/v1/applications/${APP}`;

export const sampleApp = (name = APP) => ({
  metadata: { name, namespace: "argocd" },
  spec: { project: "default" },
});

/** alice's client of the fake server, retrying transport failures quickly. */
export const clientOf = (
  fake: FakeArgoCd,
  overrides: Partial<ConstructorParameters<typeof ArgoCdApi>[0]> = {},
) =>
  new ArgoCdApi({
    baseUrl: `${fake.url}/`,
    username: "alice",
    password: PASSWORD,
    transportRetry: { retries: 5, minTimeoutMs: 40 },
    ...overrides,
  });

export const nonLoginRequests = (fake: FakeArgoCd) =>
  fake.requests.filter((r) => r.path !== "/api/v1/session");

export function lastRequestTo(fake: FakeArgoCd): RecordedRequest {
  const request = nonLoginRequests(fake).at(-1);
  if (!request) throw new Error("no request recorded");
  return request;
}
