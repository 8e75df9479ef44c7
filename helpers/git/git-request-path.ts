import { join, resolve, sep } from "node:path";

/** The smart-HTTP endpoints git clients call; the dumb protocol is not served. */
const SMART_HTTP_ENDPOINT =
  /^\/([A-Za-z0-9][A-Za-z0-9._-]*\.git)\/(info\/refs|git-upload-pack|git-receive-pack)$/;

export type GitRequestTarget =
  | {
      kind: "repo";
      /** Directory name of the bare repo under the root, e.g. `app.git`. */
      repoDirName: string;
      repoDir: string;
      /** Decoded path handed to the CGI as PATH_INFO. */
      pathInfo: string;
      query: string;
    }
  | { kind: "rejected"; status: 400 | 404; reason: string };

/**
 * Maps a raw request target (`req.url`, exactly as the client sent it) to a bare
 * repo under `root`, refusing anything that could name a file outside it. Node
 * does not normalise `req.url`, so `..` arrives here verbatim and is refused
 * both raw and percent-decoded, before any CGI runs.
 */
export function resolveGitRequest(root: string, rawUrl: string): GitRequestTarget {
  const queryStart = rawUrl.indexOf("?");
  const rawPath = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
  const query = queryStart === -1 ? "" : rawUrl.slice(queryStart + 1);
  const reject = (status: 400 | 404, reason: string): GitRequestTarget => ({
    kind: "rejected",
    status,
    reason,
  });

  if (!rawPath.startsWith("/")) return reject(400, "request target is not an absolute path");
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return reject(400, "malformed percent-encoding");
  }
  if (rawPath.includes("..") || decoded.includes("..")) return reject(400, "path traversal ('..')");
  // A '%' left after decoding means double encoding (`%252e%252e`); nothing served needs it.
  if (/[\\\0%]/.test(decoded)) return reject(400, "backslash, NUL or double-encoded character in path");
  // `//etc/passwd` would make PATH_INFO absolute; `/./` has no business in a repo URL either.
  // Stryker disable next-line MethodExpression: equivalent, a leading empty segment changes neither check nor resolve().
  const segments = decoded.slice(1).split("/");
  if (decoded.includes("//") || segments.includes(".")) return reject(400, "empty or '.' path segment");
  const resolvedRoot = resolve(root);
  const resolved = resolve(resolvedRoot, ...segments);
  // Unreachable after the checks above (no "..", no "." or empty segment): a second line of defence.
  // Stryker disable next-line BlockStatement: equivalent, unreachable.
  if (resolved !== resolvedRoot && !resolved.startsWith(resolvedRoot + sep)) {
    // Stryker disable next-line StringLiteral: equivalent, unreachable.
    return reject(400, "path resolves outside the repository root");
  }

  const match = SMART_HTTP_ENDPOINT.exec(decoded);
  const repoDirName = match?.[1];
  if (!repoDirName) return reject(404, "not a git smart-HTTP endpoint");
  return { kind: "repo", repoDirName, repoDir: join(resolvedRoot, repoDirName), pathInfo: decoded, query };
}
