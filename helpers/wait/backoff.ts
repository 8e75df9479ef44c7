/** Poll delays as in Argo CD's e2e fixture: start fast (10 ms), back off to about a second. */
export const FIRST_DELAY_MS = 10;
export const MAX_DELAY_MS = 1_000;
const GROWTH = 1.5;

export function* backoffDelays(first = FIRST_DELAY_MS, max = MAX_DELAY_MS): Generator<number, never> {
  let delay = first;
  for (;;) {
    yield delay;
    delay = Math.min(max, Math.round(delay * GROWTH));
  }
}

/** Resolves after `ms`, or at once when `signal` aborts (the poll loop then reports the abort). */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
