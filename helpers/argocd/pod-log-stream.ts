/**
 * Reads the NDJSON stream of GET /api/v1/applications/{name}/logs (docs/upstream/argo-cd.md §0, §1):
 * one `{"result":{content,podName,timeStampStr,last}}` per line, ending with an entry that has
 * `last:true`. A stream that fails after it started keeps HTTP 200 and sends
 * `{"error":{grpc_code,http_code,message}}` as its last chunk.
 */

export interface LogEntry {
  content: string;
  podName: string;
  timeStampStr?: string;
  last: boolean;
}

export interface LogStreamError {
  message: string;
  grpcCode?: number;
  httpCode?: number;
}

export type LogStreamItem = { kind: "entry"; entry: LogEntry } | { kind: "error"; error: LogStreamError };

export interface PodLogRead {
  /** Content of every entry before the closing one, in order. Kubernetes' own refusals arrive here too. */
  lines: string[];
  /** Whether the closing `last:true` entry arrived (an empty body means no pod matched). */
  sawLast: boolean;
  error?: LogStreamError;
}

/** Parses one line of the stream; undefined for a blank line. Throws on anything that is not a stream chunk. */
export function parseLogStreamLine(line: string): LogStreamItem | undefined {
  if (line.trim() === "") return undefined;
  let chunk: unknown;
  try {
    chunk = JSON.parse(line);
  } catch {
    throw new Error(`the log stream sent a line that is not JSON: ${line.slice(0, 200)}`);
  }
  const record = (typeof chunk === "object" && chunk !== null ? chunk : {}) as Record<string, unknown>;
  if (typeof record.error === "object" && record.error !== null) {
    const e = record.error as Record<string, unknown>;
    return {
      kind: "error",
      error: {
        message: typeof e.message === "string" ? e.message : JSON.stringify(e),
        ...(typeof e.grpc_code === "number" ? { grpcCode: e.grpc_code } : {}),
        ...(typeof e.http_code === "number" ? { httpCode: e.http_code } : {}),
      },
    };
  }
  if (typeof record.result === "object" && record.result !== null) {
    const r = record.result as Record<string, unknown>;
    return {
      kind: "entry",
      entry: {
        content: typeof r.content === "string" ? r.content : "",
        podName: typeof r.podName === "string" ? r.podName : "",
        ...(typeof r.timeStampStr === "string" ? { timeStampStr: r.timeStampStr } : {}),
        last: r.last === true,
      },
    };
  }
  throw new Error(`the log stream sent a chunk with neither result nor error: ${line.slice(0, 200)}`);
}

/** Splits a byte stream into lines, whatever the chunk boundaries; the last line may lack its newline. */
export async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf("\n");
    while (newline !== -1) {
      yield buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf("\n");
    }
  }
  buffered += decoder.decode();
  if (buffered !== "") yield buffered;
}

/** Collects entries until `last:true` or a stream error, then stops reading (so a follow stream ends too). */
export async function collectPodLogs(lines: AsyncIterable<string> | Iterable<string>): Promise<PodLogRead> {
  const read: PodLogRead = { lines: [], sawLast: false };
  for await (const line of lines) {
    const item = parseLogStreamLine(line);
    if (!item) continue;
    if (item.kind === "error") {
      read.error = item.error;
      return read;
    }
    if (item.entry.last) {
      read.sawLast = true;
      return read;
    }
    read.lines.push(item.entry.content);
  }
  return read;
}
