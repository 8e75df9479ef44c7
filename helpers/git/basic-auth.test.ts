import { afterEach, describe, expect, it } from "vitest";
import { clearSecretsForTest, REDACTED, redact } from "../report/redaction";
import { authenticatedUser, BASIC_AUTH_CHALLENGE, registerCredentialSecrets } from "./basic-auth";

const credentials = { username: "argocd", password: "s3cret/pa ss" };
const basic = (userAndPassword: string) => `Basic ${Buffer.from(userAndPassword).toString("base64")}`;

afterEach(() => clearSecretsForTest());

describe("authenticatedUser (HTTP Basic)", () => {
  it("names the user when the header carries exactly the expected credentials", () => {
    expect(authenticatedUser(basic("argocd:s3cret/pa ss"), credentials)).toBe("argocd");
  });

  it("accepts the scheme in any case and whitespace around the credentials, as RFC 7617 allows", () => {
    const token = Buffer.from("argocd:s3cret/pa ss").toString("base64");
    expect(authenticatedUser(`basic ${token}`, credentials)).toBe("argocd");
    expect(authenticatedUser(`BASIC   ${token}  `, credentials)).toBe("argocd");
  });

  it("splits at the first colon only: a password may contain colons, a username may not", () => {
    const colons = { username: "git", password: "a:b:c" };
    expect(authenticatedUser(basic("git:a:b:c"), colons)).toBe("git");
    expect(authenticatedUser(basic("git:a:b"), colons)).toBeUndefined();
  });

  it("refuses a wrong password, a wrong user, or either one empty", () => {
    expect(authenticatedUser(basic("argocd:wrong"), credentials)).toBeUndefined();
    expect(authenticatedUser(basic("admin:s3cret/pa ss"), credentials)).toBeUndefined();
    expect(authenticatedUser(basic("argocd:"), credentials)).toBeUndefined();
    expect(authenticatedUser(basic(":s3cret/pa ss"), credentials)).toBeUndefined();
  });

  it("refuses a missing header, another scheme, a token without a colon and trailing or leading junk", () => {
    const token = Buffer.from("argocd:s3cret/pa ss").toString("base64");
    expect(authenticatedUser(undefined, credentials)).toBeUndefined();
    expect(authenticatedUser("", credentials)).toBeUndefined();
    expect(authenticatedUser("Basic", credentials)).toBeUndefined();
    expect(authenticatedUser(`Bearer ${token}`, credentials)).toBeUndefined();
    expect(authenticatedUser(basic("argocd"), credentials)).toBeUndefined();
    expect(authenticatedUser(`Basic ${token} extra`, credentials)).toBeUndefined();
    expect(authenticatedUser(`X-Basic ${token}`, credentials)).toBeUndefined();
  });

  it("challenges with a Basic realm in UTF-8", () => {
    expect(BASIC_AUTH_CHALLENGE).toBe('Basic realm="gitops-conformance", charset="UTF-8"');
  });
});

describe("registerCredentialSecrets", () => {
  it("keeps the password out of the report as is, URL-encoded and inside a Basic header", () => {
    registerCredentialSecrets(credentials);
    const header = Buffer.from("argocd:s3cret/pa ss").toString("base64");
    expect(redact("password s3cret/pa ss")).toBe(`password ${REDACTED}`);
    expect(redact("http://argocd:s3cret%2Fpa%20ss@127.0.0.1/app.git")).toBe(
      `http://argocd:${REDACTED}@127.0.0.1/app.git`,
    );
    expect(redact(`Authorization: Basic ${header}`)).toBe(`Authorization: Basic ${REDACTED}`);
    // The username alone is no secret.
    expect(redact("user argocd")).toBe("user argocd");
  });
});

describe("authenticatedUser, edge cases an attacker could try", () => {
  it("does not take a token without a colon as user and password run together", () => {
    // Were the missing colon not checked, "gitx" would split into user "git" and password "gitx".
    expect(authenticatedUser(basic("gitx"), { username: "git", password: "gitx" })).toBeUndefined();
  });

  it("accepts a one-character username", () => {
    expect(authenticatedUser(basic("a:secret-pw"), { username: "a", password: "secret-pw" })).toBe("a");
  });
});
