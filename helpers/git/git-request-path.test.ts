import { describe, expect, it } from "vitest";
import { resolveGitRequest } from "./git-request-path";

const root = "/srv/git-root";

describe("resolveGitRequest", () => {
  it.each(["/app.git/info/refs", "/app.git/git-upload-pack", "/app.git/git-receive-pack"])(
    "maps the smart-HTTP endpoint %s to the bare repo under the root",
    (path) => {
      expect(resolveGitRequest(root, `${path}?service=git-upload-pack`)).toEqual({
        kind: "repo",
        repoDirName: "app.git",
        repoDir: "/srv/git-root/app.git",
        pathInfo: path,
        query: "service=git-upload-pack",
      });
    },
  );

  it.each([
    ["raw ..", "/../etc/passwd"],
    ["raw .. after a repo", "/app.git/../../etc/passwd"],
    ["encoded %2e%2e", "/%2e%2e/%2e%2e/etc/passwd"],
    ["upper-case encoded %2E%2E with encoded slash", "/%2E%2E%2Fetc%2Fpasswd"],
    ["half-encoded .%2e", "/app.git/.%2e/other.git/info/refs"],
    ["double-encoded %252e%252e", "/%252e%252e/etc/passwd"],
    ["absolute path via //", "//etc/passwd"],
    ["absolute path via %2F", "/%2Fetc/passwd"],
    ["backslash", "/app.git\\..\\x/info/refs"],
    ["NUL byte", "/app.git%00/info/refs"],
    ["'.' segment", "/./app.git/info/refs"],
    ["malformed encoding", "/%E0%A4%A/info/refs"],
    ["absolute-form target", "http://evil.example/app.git/info/refs"],
  ])("refuses %s with 400", (_label, url) => {
    expect(resolveGitRequest(root, url)).toMatchObject({ kind: "rejected", status: 400 });
  });

  it.each([
    "/",
    "/app.git",
    "/app.git/",
    "/app.git/HEAD",
    "/app.git/objects/info/packs",
    "/app/info/refs",
    "/nested/app.git/info/refs",
  ])("answers 404 for %s, which is not a smart-HTTP endpoint", (url) => {
    expect(resolveGitRequest(root, url)).toMatchObject({ kind: "rejected", status: 404 });
  });
});
