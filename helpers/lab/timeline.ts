import { seconds } from "../report/seconds";
import { quietly } from "../report/step";
import { backoffDelays, pause } from "../wait/backoff";

/** One observed source of state: "app t01: sync=Synced health=Healthy revision=1a2b3c4". */
export type StateProbe = { name: string; read: () => Promise<string> };

export interface TimelineEntry {
  atMs: number;
  source: string;
  state: string;
}

/**
 * Records state changes from the lab's start (sync, health, revision, rollout
 * step, pod phases), so a failed lab shows what happened in what order, not
 * only the state it ended in. Only changes are kept.
 */
export class Timeline {
  private readonly entries: TimelineEntry[] = [];
  private readonly last = new Map<string, string>();
  private readonly probes: StateProbe[] = [];
  private readonly stopped = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly startedAt = performance.now(),
    private readonly intervalMs = 1_000,
  ) {}

  watch(probe: StateProbe): void {
    this.probes.push(probe);
    this.loop ??= this.run();
  }

  /** Records one observation now (also used by tests); unchanged states are dropped. */
  async sample(): Promise<void> {
    await Promise.all(
      this.probes.map(async (probe) => {
        const state = await probe
          .read()
          .catch((e: unknown) => `unreadable: ${e instanceof Error ? e.message : e}`);
        if (this.last.get(probe.name) === state) return;
        this.last.set(probe.name, state);
        this.entries.push({ atMs: performance.now() - this.startedAt, source: probe.name, state });
      }),
    );
  }

  private async run(): Promise<void> {
    const delays = backoffDelays(100, this.intervalMs);
    while (!this.stopped.signal.aborted) {
      // A background probe: its API reads stay out of the lab's steps.
      await quietly(() => this.sample());
      await pause(delays.next().value, this.stopped.signal);
    }
  }

  /** Stops sampling; waits for a sample in flight, but not for long: a read stuck on the API must not hold up the lab's cleanup. */
  async stop(maxWaitMs = 10_000): Promise<void> {
    this.stopped.abort();
    const gaveUp = new AbortController();
    await Promise.race([this.loop, pause(maxWaitMs, gaveUp.signal)]);
    gaveUp.abort();
  }

  format(): string {
    return this.entries
      .map((e) => `+${seconds(e.atMs).padStart(8)}  ${e.source.padEnd(28)} ${e.state}`)
      .join("\n");
  }
}
