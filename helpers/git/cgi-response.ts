import type { Readable } from "node:stream";

/** What a CGI script printed before its body: the `Status:` line and the other headers. */
export interface CgiResponseHead {
  status: number;
  statusMessage: string | undefined;
  headers: Array<[name: string, value: string]>;
  /** Body bytes that arrived in the same chunk as the end of the headers. */
  bodyStart: Buffer;
}

// A header block is a few hundred bytes; anything this large is not one.
const MAX_HEAD_BYTES = 64 * 1024;

/**
 * Reads the CGI header block from `stdout` and leaves the stream paused right
 * after it, so the body can then be piped to the client without buffering it.
 * Resolves undefined when the CGI ended before finishing its headers (it crashed).
 */
export function readCgiResponseHead(stdout: Readable): Promise<CgiResponseHead | undefined> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const stopListening = () => {
      stdout.off("data", onData);
      stdout.off("end", onEnd);
      stdout.off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const boundary = findHeadBoundary(buffered);
      if (!boundary) {
        if (buffered.length > MAX_HEAD_BYTES) {
          stopListening();
          reject(new Error(`CGI printed ${buffered.length} bytes without ending its headers`));
        }
        return;
      }
      stopListening();
      stdout.pause();
      const head = buffered.subarray(0, boundary.headEnd).toString("latin1");
      resolve(parseHead(head, buffered.subarray(boundary.bodyStart)));
    };
    const onEnd = () => {
      stopListening();
      resolve(undefined);
    };
    const onError = (error: Error) => {
      stopListening();
      reject(error);
    };
    stdout.on("data", onData);
    stdout.on("end", onEnd);
    stdout.on("error", onError);
  });
}

/** CGI allows both CRLF and bare LF line ends; the header block ends at the first empty line. */
function findHeadBoundary(buffer: Buffer): { headEnd: number; bodyStart: number } | undefined {
  const crlf = buffer.indexOf("\r\n\r\n");
  const lf = buffer.indexOf("\n\n");
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return { headEnd: crlf, bodyStart: crlf + 4 };
  if (lf !== -1) return { headEnd: lf, bodyStart: lf + 2 };
  return undefined;
}

function parseHead(head: string, bodyStart: Buffer): CgiResponseHead {
  let status = 200;
  let statusMessage: string | undefined;
  const headers: Array<[string, string]> = [];
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === "status") {
      const match = /^(\d{3})\s*(.*)$/.exec(value);
      if (match?.[1]) {
        status = Number(match[1]);
        statusMessage = match[2] || undefined;
      }
    } else {
      headers.push([name, value]);
    }
  }
  return { status, statusMessage, headers, bodyStart };
}
