import { afterEach, describe, expect, it } from "vitest";
import { clearSecretsForTest, REDACTED, registerSecret } from "../report/redaction";
import {
  ATTACHMENT_LIMIT,
  clipped,
  maskSecretFields,
  requestTranscript,
  responseTranscript,
} from "./api-transcript";

afterEach(() => clearSecretsForTest());

// Shorter than registerSecret's minimum: only the field masking keeps these out of the report.
const SHORT = "pw1";

describe("maskSecretFields", () => {
  it("masks every string field named like a password or a token, in any case, however short", () => {
    expect(
      maskSecretFields({
        username: "alice",
        password: SHORT,
        newPassword: SHORT,
        currentPassword: SHORT,
        token: SHORT,
        TOKEN: SHORT,
        passwordMtime: "2026-01-01T00:00:00Z",
      }),
    ).toEqual({
      username: "alice",
      password: REDACTED,
      newPassword: REDACTED,
      currentPassword: REDACTED,
      token: REDACTED,
      TOKEN: REDACTED,
      passwordMtime: REDACTED,
    });
  });

  it("masks inside nested objects and arrays, and leaves every other field as it is", () => {
    const repository = {
      repo: "http://git.example:8081/grade-api-gitops.git",
      username: "git",
      password: SHORT,
      connectionState: { status: "Successful", message: "" },
    };
    expect(
      maskSecretFields({
        items: [repository, { repo: "b", bearerToken: SHORT }],
        metadata: { resourceVersion: "42" },
        count: 2,
        enabled: true,
        nothing: null,
      }),
    ).toEqual({
      items: [
        { ...repository, password: REDACTED },
        { repo: "b", bearerToken: REDACTED },
      ],
      metadata: { resourceVersion: "42" },
      count: 2,
      enabled: true,
      nothing: null,
    });
  });

  it("looks inside a secret-named field that is not a string (an account's list of token ids)", () => {
    const account = { name: "alice", tokens: [{ id: "t-1", issuedAt: 1, token: SHORT }] };
    expect(maskSecretFields(account)).toEqual({
      name: "alice",
      tokens: [{ id: "t-1", issuedAt: 1, token: REDACTED }],
    });
  });

  it("returns scalars and top-level arrays of scalars unchanged", () => {
    expect(maskSecretFields("password")).toBe("password");
    expect(maskSecretFields(7)).toBe(7);
    expect(maskSecretFields(null)).toBeNull();
    expect(maskSecretFields(["token", SHORT])).toEqual(["token", SHORT]);
  });
});

describe("requestTranscript", () => {
  it("shows the login as method, path, account and body, with the password masked", () => {
    const request = { method: "POST", path: "/api/v1/session", username: "alice" };
    expect(requestTranscript(request, { username: "alice", password: SHORT })).toBe(
      [
        "POST /api/v1/session",
        "as alice",
        "Content-Type: application/json",
        "",
        `{\n  "username": "alice",\n  "password": "${REDACTED}"\n}`,
      ].join("\n"),
    );
  });

  it("also redacts registered secrets outside secret fields (a password in the path)", () => {
    registerSecret("s3cret-in-url");
    const request = { method: "GET", path: "/api/v1/repositories/s3cret-in-url", username: "alice" };
    expect(requestTranscript(request, undefined)).toBe(`GET /api/v1/repositories/${REDACTED}\nas alice`);
  });
});

describe("responseTranscript", () => {
  it("pretty-prints a JSON body with its secret fields masked", () => {
    expect(responseTranscript(JSON.stringify({ token: SHORT, loggedIn: true }))).toBe(
      `{\n  "token": "${REDACTED}",\n  "loggedIn": true\n}`,
    );
  });

  it("gives any other body as it came, clipped", () => {
    expect(responseTranscript("Invalid content type")).toBe("Invalid content type");
    const long = "x".repeat(ATTACHMENT_LIMIT + 5);
    expect(responseTranscript(long)).toBe(clipped(long));
  });
});

describe("clipped", () => {
  it("keeps the first ATTACHMENT_LIMIT characters and says how many more there were", () => {
    expect(clipped("short")).toBe("short");
    expect(clipped("y".repeat(ATTACHMENT_LIMIT))).toBe("y".repeat(ATTACHMENT_LIMIT));
    expect(clipped("z".repeat(ATTACHMENT_LIMIT + 3))).toBe(
      `${"z".repeat(ATTACHMENT_LIMIT)}\n… (3 more characters not attached)`,
    );
  });
});
