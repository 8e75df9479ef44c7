import { constants } from "node:os";

/** What the global setup needs to know about a Ctrl-C (or a CI cancel) during the run. */
export interface InterruptGuard {
  /** True once a signal arrived: a setup that fails now failed because of the cleanup, not on its own. */
  readonly interrupted: boolean;
  /** Gives the held listeners back and stops listening (teardown, when nothing was interrupted). */
  release(): void;
}

export interface InterruptOptions {
  cleanUp: () => Promise<void>;
  say: (line: string) => void;
  signals?: readonly NodeJS.Signals[];
  /** How the process ends when no listener was held; tests replace it. */
  exit?: (code: number) => void;
}

type Listener = (...args: unknown[]) => void;

/**
 * On SIGINT/SIGTERM, removes what the run created before the process ends.
 *
 * vitest's logger listens to both signals and calls process.exit() 1 ms later
 * (addCleanupListeners in vitest/dist/chunks/index.*.js), which would cut
 * Docker's container removal short and leave k3s running (testcontainers
 * installs no handler; Ryuk, when enabled, only reaps ~10 s after the process is
 * gone). So the listeners already registered are held back while the cleanup
 * runs, then given back and called, so vitest ends the run as it would have.
 * A second Ctrl-C finds no listener and ends the process at once.
 */
export function cleanUpOnInterrupt(options: InterruptOptions): InterruptGuard {
  const signals = options.signals ?? ["SIGINT", "SIGTERM"];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const held = new Map<NodeJS.Signals, Listener[]>();
  const handlers = new Map<NodeJS.Signals, () => void>();
  let interrupted = false;
  let released = false;

  const release = () => {
    if (released) return;
    released = true;
    for (const signal of signals) {
      const ours = handlers.get(signal);
      if (ours) process.off(signal, ours);
      for (const listener of held.get(signal) ?? []) process.on(signal, listener);
    }
  };

  function onSignal(signal: NodeJS.Signals): void {
    interrupted = true;
    options.say(`${signal}: removing what this run created… (press Ctrl-C again to stop at once)`);
    // Only this signal's own listener is gone (once); the others stay ours until the cleanup is done.
    void options
      .cleanUp()
      .catch((error: unknown) => options.say(`cleanup: ${error}`))
      .finally(() => {
        release();
        const signalNumber = constants.signals[signal] ?? 2;
        // As Node calls them for a real signal: (name, number); vitest exits with 128 + number.
        const listeners = process.listeners(signal) as unknown as Listener[];
        for (const listener of listeners) listener(signal, signalNumber);
        if (listeners.length === 0) exit(128 + signalNumber);
      });
  }

  for (const signal of signals) {
    held.set(signal, process.rawListeners(signal) as Listener[]);
    process.removeAllListeners(signal);
    // Bound to its signal rather than reading Node's argument, so an emitted signal works the same.
    const handler = () => onSignal(signal);
    handlers.set(signal, handler);
    process.once(signal, handler);
  }

  return {
    get interrupted() {
      return interrupted;
    },
    release,
  };
}
