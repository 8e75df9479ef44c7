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

describe("resolveGitRequest, what it tells the client", () => {
  it.each([
    ["http://evil.example/app.git/info/refs", 400, "request target is not an absolute path"],
    ["/%E0%A4%A/info/refs", 400, "malformed percent-encoding"],
    ["/app.git/../x.git/info/refs", 400, "path traversal ('..')"],
    ["/%2e%2e/x.git/info/refs", 400, "path traversal ('..')"],
    ["/app.git\\x/info/refs", 400, "backslash, NUL or double-encoded character in path"],
    ["/app.git%00/info/refs", 400, "backslash, NUL or double-encoded character in path"],
    ["/%2525/app.git/info/refs", 400, "backslash, NUL or double-encoded character in path"],
    ["//app.git/info/refs", 400, "empty or '.' path segment"],
    ["/./app.git/info/refs", 400, "empty or '.' path segment"],
    ["/app.git/HEAD", 404, "not a git smart-HTTP endpoint"],
    ["/app.git/info/refs/extra", 404, "not a git smart-HTTP endpoint"],
    ["/prefix/app.git/info/refs", 404, "not a git smart-HTTP endpoint"],
  ])("%s: %i, %s", (url, status, reason) => {
    expect(resolveGitRequest(root, url)).toEqual({ kind: "rejected", status, reason });
  });

  it("keeps the query for the CGI, and serves a path without one", () => {
    expect(resolveGitRequest(root, "/app.git/git-upload-pack")).toMatchObject({ kind: "repo", query: "" });
    expect(resolveGitRequest(`${root}/`, "/a.b_c-1.git/info/refs?service=git-receive-pack&x=1")).toEqual({
      kind: "repo",
      repoDirName: "a.b_c-1.git",
      repoDir: "/srv/git-root/a.b_c-1.git",
      pathInfo: "/a.b_c-1.git/info/refs",
      query: "service=git-receive-pack&x=1",
    });
  });

  it("refuses a repo name that does not start with a letter or digit", () => {
    expect(resolveGitRequest(root, "/-app.git/info/refs")).toMatchObject({ status: 404 });
    expect(resolveGitRequest(root, "/.app.git/info/refs")).toMatchObject({ status: 404 });
  });
});
