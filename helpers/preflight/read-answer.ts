import type { IncomingMessage } from "node:http";

/** A small HTTP answer as the preflight checks read it: status and text body. */
export interface Answer {
  status: number;
  body: string;
}

/** Collects a response's body; both the Docker and the Kubernetes API probes answer this way. */
export function readAnswer(res: IncomingMessage): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let body = "";
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => {
      body += chunk;
    });
    res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    res.on("error", reject);
  });
}
