/** A counting semaphore: at most `limit` holders at once, the others waiting first come, first served. */
export interface CgiSlots {
  /**
   * Resolves with the slot's release function once one is free. Rejects with the signal's reason if
   * it aborts first (the client hung up), leaving the queue without ever holding a slot.
   */
  acquire(signal: AbortSignal): Promise<() => void>;
  readonly running: number;
  readonly waiting: number;
}

export function createCgiSlots(limit: number): CgiSlots {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError(`CGI slot limit must be a positive integer, got ${limit}`);
  }
  let running = 0;
  // A Set keeps insertion order (the queue's order) and lets an aborted waiter leave from anywhere.
  const waiters = new Set<() => void>();

  const grant = (): (() => void) => {
    running += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      running -= 1;
      // Handed over synchronously, so no acquire() can slip in ahead of the queue.
      const [next] = waiters;
      if (next) {
        waiters.delete(next);
        next();
      }
    };
  };

  return {
    get running() {
      return running;
    },
    get waiting() {
      return waiters.size;
    },
    acquire(signal) {
      if (signal.aborted) return Promise.reject(signal.reason);
      if (running < limit) return Promise.resolve(grant());
      return new Promise((resolve, reject) => {
        const wake = () => {
          // Stryker disable next-line StringLiteral: equivalent, a later abort of a granted wait is a no-op; this only frees the listener.
          signal.removeEventListener("abort", leave);
          resolve(grant());
        };
        const leave = () => {
          waiters.delete(wake);
          reject(signal.reason);
        };
        waiters.add(wake);
        // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent, leave() twice deletes and rejects nothing more.
        signal.addEventListener("abort", leave, { once: true });
      });
    },
  };
}
