import { describe, expect, it } from "vitest";
import { answeredVerdict, attempt, permissionDeniedVerdict } from "./api-attempt";
import { ArgoCdApiError, ArgoCdTransportError } from "./argocd-api-error";

const as = { username: "read-only-m3-3" };
const request = { method: "POST", path: "/api/v1/applications/m3-3-grade-api/sync", username: as.username };
const denied = new ArgoCdApiError(
  request,
  403,
  "permission denied: applications, sync, default/m3-3-grade-api, sub: read-only-m3-3, iat: 2025-11-26T14:02:11Z",
  7,
);

describe("attempt", () => {
  it("keeps the value or the error of exactly one call, with who made it", async () => {
    let calls = 0;
    const ok = await attempt(as, "get application x", async () => {
      calls += 1;
      return { name: "x" };
    });
    const refused = await attempt(as, "sync application x", () => Promise.reject(denied));
    expect(calls).toBe(1);
    expect(ok).toEqual({ what: "get application x", by: "read-only-m3-3", value: { name: "x" } });
    expect(refused.error).toBe(denied);
  });
});

describe("permissionDeniedVerdict", () => {
  it("passes on a 403 permission denied, quoting the server", () => {
    expect(permissionDeniedVerdict({ what: "sync", by: as.username, error: denied })).toEqual({
      state: "pass",
      message: `HTTP 403 "${denied.serverMessage}"`,
    });
  });

  it("fails when the call went through, or failed some other way", () => {
    expect(permissionDeniedVerdict({ what: "sync application x", by: as.username, value: {} })).toEqual({
      state: "fail",
      message: "read-only-m3-3's sync application x was accepted",
    });
    const busy = new ArgoCdApiError(request, 400, "another operation is already in progress", 9);
    expect(permissionDeniedVerdict({ what: "sync", by: as.username, error: busy }).state).toBe("fail");
    const down = new ArgoCdTransportError(request, "ECONNREFUSED", "ECONNREFUSED", true);
    expect(permissionDeniedVerdict({ what: "sync", by: as.username, error: down }).message).toMatch(
      /failed, but not with HTTP 403 "permission denied": .*ECONNREFUSED$/,
    );
  });
});

describe("answeredVerdict", () => {
  it("passes on an answer that passes the check, fails on a refusal or a bad answer", () => {
    const logs = {
      what: "read the logs",
      by: as.username,
      value: "grade-submission-api abc listening on 8080",
    };
    expect(
      answeredVerdict(logs, (v) => (v.includes("listening on") ? undefined : "no start line")).state,
    ).toBe("pass");
    expect(answeredVerdict({ ...logs, value: "" }, (v) => (v ? undefined : "the log is empty")).message).toBe(
      "read-only-m3-3's read the logs was answered, but the log is empty",
    );
    expect(answeredVerdict({ what: "get", by: as.username, error: denied }).message).toMatch(
      /^read-only-m3-3's get was refused: /,
    );
  });
});
