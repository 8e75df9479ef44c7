import type { ContainerRuntimeClient } from "testcontainers";

/** The `debug` instance behind testcontainers' logger (a private field, so reached by shape, not by type). */
type DebugFn = ((...args: unknown[]) => void) & {
  enabled: boolean | null;
  log?: (...args: unknown[]) => void;
};

/**
 * testcontainers' getContainerRuntimeClient(), but when it fails the error
 * says why: testcontainers only throws "Could not find a working container
 * runtime strategy" and logs each strategy's reason at debug level, so those
 * lines are listened to for the duration of the call.
 */
export async function testcontainersClient(): Promise<ContainerRuntimeClient> {
  const tc = await import("testcontainers");
  const debug = (tc.log as unknown as { logger?: DebugFn }).logger;
  const reasons: string[] = [];
  const wasEnabled = debug?.enabled === true;
  const previousLog = debug?.log;
  if (debug && typeof debug === "function") {
    debug.enabled = true;
    debug.log = (...args: unknown[]) => {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ANSI colours debug adds on a TTY
      const line = String(args[0] ?? "").replace(/\u001b\[[\d;]*m/g, "");
      const reason = /strategy "(\w+)" does not work: "(.*)"/.exec(line);
      if (reason) reasons.push(`${reason[1]}: ${reason[2]?.replace(/^Error: /, "")}`);
      if (wasEnabled) (previousLog ?? console.error)(...args);
    };
  }
  try {
    return await tc.getContainerRuntimeClient();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(reasons.length > 0 ? `${message}; ${reasons.join("; ")}` : message);
  } finally {
    if (debug && typeof debug === "function") {
      // null hands the decision back to the DEBUG namespaces.
      debug.enabled = null;
      debug.log = previousLog;
    }
  }
}
