import { type KubeConfig, Watch } from "@kubernetes/client-node";
import { seconds } from "../report/seconds";
import { backoffDelays, pause } from "../wait/backoff";
import { type Expectation, expectation, pass, pending } from "../wait/expectation";
import { describeApplication } from "./application-expectations";
import { ARGOCD_NAMESPACE } from "./application-spec";
import type { Application } from "./application-types";

export interface ObservedAppState {
  /** performance.now() when the state was seen. */
  at: number;
  app: Application;
  description: string;
}

/**
 * Every state the Application passed through, from a Kubernetes watch on its
 * CR. Polling can miss a state that lasts a second (self-heal's OutOfSync is
 * followed at once by its sync); every status write arrives on the watch.
 */
export class ApplicationStateLog {
  readonly states: ObservedAppState[] = [];
  private abort: AbortController | undefined;
  private stopped = false;

  private constructor(
    private readonly kc: KubeConfig,
    readonly name: string,
  ) {}

  static async start(kc: KubeConfig, name: string): Promise<ApplicationStateLog> {
    const log = new ApplicationStateLog(kc, name);
    await log.watch();
    return log;
  }

  /** Watch restarts, and why the last one ended, for diagnostics: a dead watch sees no state at all. */
  restarts = 0;
  lastError: string | undefined;
  private readonly stopSignal = new AbortController();
  private failures = backoffDelays(100, 5_000);

  private async watch(): Promise<void> {
    if (this.stopped) return;
    this.abort = await new Watch(this.kc).watch(
      `/apis/argoproj.io/v1alpha1/namespaces/${ARGOCD_NAMESPACE}/applications`,
      { fieldSelector: `metadata.name=${this.name}` },
      (type, object: Application) => {
        // ERROR carries a Status, not an Application; BOOKMARK carries no state of its own.
        if (type !== "ADDED" && type !== "MODIFIED") return;
        this.failures = backoffDelays(100, 5_000);
        this.record(object);
      },
      // The watch ends after 30 s without data (start again at once: it lists the current state first)
      // or on an error (start again after a growing delay, so a broken API is not hammered).
      (error: unknown) => void this.restart(error),
    );
  }

  private async restart(error: unknown): Promise<void> {
    if (this.stopped) return;
    this.restarts += 1;
    if (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      await pause(this.failures.next().value, this.stopSignal.signal);
    }
    await this.watch().catch((failed: unknown) => this.restart(failed ?? new Error("watch failed to start")));
  }

  record(app: Application, at = performance.now()): void {
    const description = describeApplication(app);
    if (this.states.at(-1)?.description === description) return;
    this.states.push({ at, app, description });
  }

  /** Passes once a state matching `predicate` has been seen at or after `since` (a performance.now() mark). */
  seen(what: string, since: number, predicate: (app: Application) => boolean): Expectation {
    return expectation(`Argo CD to have shown ${this.name} ${what}`, () => {
      const after = this.states.filter((s) => s.at >= since);
      const match = after.find((s) => predicate(s.app));
      if (match) return pass(`seen ${seconds(match.at - since)} after the action: ${match.description}`);
      return pending(
        `${after.length} state(s) since the action, last: ${after.at(-1)?.description ?? "none"}`,
      );
    });
  }

  stop(): void {
    this.stopped = true;
    this.stopSignal.abort();
    this.abort?.abort();
  }
}
