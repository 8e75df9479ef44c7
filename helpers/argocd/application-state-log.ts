import { type KubeConfig, Watch } from "@kubernetes/client-node";
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

  private async watch(): Promise<void> {
    if (this.stopped) return;
    this.abort = await new Watch(this.kc).watch(
      `/apis/argoproj.io/v1alpha1/namespaces/${ARGOCD_NAMESPACE}/applications`,
      { fieldSelector: `metadata.name=${this.name}` },
      (_type, app: Application) => this.record(app),
      // The watch ends after 30 s without data, or on an error: start it again (it lists the current state first).
      () => void this.watch().catch(() => undefined),
    );
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
      if (match)
        return pass(
          `seen ${((match.at - since) / 1000).toFixed(1)} s after the action: ${match.description}`,
        );
      return pending(
        `${after.length} state(s) since the action, last: ${after.at(-1)?.description ?? "none"}`,
      );
    });
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
  }
}
