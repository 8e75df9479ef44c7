import { AsyncLocalStorage } from "node:async_hooks";

/**
 * A refusal the course promises (a read-only user's Sync refused with 403) is evidence that
 * the claim holds, not a broken call: steps taken inside `expectingRefusal` that end in the
 * refusal their helper recognises are reported as passed, saying what was refused and why
 * that is the course's promise. Any other failure stays broken.
 */
const promised = new AsyncLocalStorage<string>();

/** Runs `body` with `why` (the course's promise) as the reason any recognised refusal in it is expected. */
export function expectingRefusal<T>(why: string, body: () => Promise<T>): Promise<T> {
  return promised.run(why, body);
}

/** The course's promise in force here, if a refusal is expected. */
export function promisedRefusal(): string | undefined {
  return promised.getStore();
}
