import { type Expectation, expectation, pass, pending, type Verdict } from "../wait/expectation";
import type { ArgoCdApi, PodLogsQuery } from "./argocd-api";

const SHOWN_LINE_LIMIT = 200;

const clip = (line: string) =>
  line.length > SHOWN_LINE_LIMIT ? `${line.slice(0, SHOWN_LINE_LIMIT)}…` : line;

/**
 * Whether a pod's log, as Argo CD's logs API returns it, holds `text`. A crash-looping container
 * may be read between two runs, or Kubernetes may refuse the log for a moment (its refusal arrives
 * as a log line), so a miss is pending, never final.
 */
export function logContainsVerdict(log: string, text: string): Verdict {
  const lines = log.split("\n").filter((l) => l.trim() !== "");
  const hit = lines.find((l) => l.includes(text));
  if (hit) return pass(`the log has: ${clip(hit)}`);
  if (lines.length === 0) return pending("the log is empty");
  return pending(`${lines.length} log line(s) without it, the last: ${clip(lines.at(-1) ?? "")}`);
}

/** Polls one pod's log through Argo CD (what the UI's Logs tab shows) until it holds `text`. */
export function podLogContains(
  api: Pick<ArgoCdApi, "podLogs">,
  appName: string,
  query: PodLogsQuery,
  text: string,
): Expectation {
  return expectation(
    `the log of pod ${query.podName} through Argo CD's logs API to hold "${text}"`,
    async () => logContainsVerdict(await api.podLogs(appName, query), text),
  );
}
