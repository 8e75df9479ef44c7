import { type ChildProcessWithoutNullStreams, execFile, spawn } from "node:child_process";
import type { IncomingMessage } from "node:http";
import { join } from "node:path";
import { promisify } from "node:util";
import { INFRASTRUCTURE_PREFIX } from "../report/categories";
import { isolatedGitEnv } from "./git-env";
import { header } from "./request-record";
import { exists } from "./served-repos";

const execFileAsync = promisify(execFile);

/** What the CGI needs beyond the HTTP request itself. */
export interface HttpBackendRequest {
  /** GIT_PROJECT_ROOT: the folder of bare repositories. */
  root: string;
  pathInfo: string;
  query: string;
  /** The authenticated user, passed on as REMOTE_USER. */
  user?: string;
}

/** The CGI binary itself rather than the `git http-backend` wrapper, which would be the only process a kill reaches. */
export async function httpBackendPath(): Promise<string> {
  const { stdout } = await execFileAsync("git", ["--exec-path"], { env: isolatedGitEnv() });
  const path = join(stdout.trim(), "git-http-backend");
  if (!(await exists(path)))
    throw new Error(`${INFRASTRUCTURE_PREFIX} git-http-backend not found at ${path}`);
  return path;
}

/** Starts `binary` (httpBackendPath()) as the CGI for `req`, in its own process group. */
export function spawnHttpBackend(
  binary: string,
  req: IncomingMessage,
  cgi: HttpBackendRequest,
): ChildProcessWithoutNullStreams {
  return spawn(binary, [], {
    env: isolatedGitEnv({
      GIT_PROJECT_ROOT: cgi.root,
      // Stryker disable next-line StringLiteral: equivalent, http-backend only checks that the variable is set.
      GIT_HTTP_EXPORT_ALL: "1",
      GATEWAY_INTERFACE: "CGI/1.1",
      SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
      REQUEST_METHOD: req.method ?? "",
      PATH_INFO: cgi.pathInfo,
      QUERY_STRING: cgi.query,
      REMOTE_ADDR: req.socket.remoteAddress ?? "",
      ...definedOnly({
        REMOTE_USER: cgi.user,
        CONTENT_TYPE: header(req, "content-type"),
        // Absent for chunked bodies: http-backend then reads stdin to EOF.
        CONTENT_LENGTH: header(req, "content-length"),
        // http-backend inflates gzip request bodies itself.
        HTTP_CONTENT_ENCODING: header(req, "content-encoding"),
        GIT_PROTOCOL: header(req, "git-protocol"),
      }),
    }),
    // Stryker disable next-line ArrayDeclaration: equivalent, pipes are spawn's default; written out for the reader.
    stdio: ["pipe", "pipe", "pipe"],
    // Its own process group, so killing it also ends the upload-pack / receive-pack it runs.
    detached: true,
  });
}

export function killProcessGroup(child: ChildProcessWithoutNullStreams): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

function definedOnly(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    // Stryker disable next-line MethodExpression: equivalent at run time, spawn() drops undefined variables; typing needs it.
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
