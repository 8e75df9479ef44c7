import { constants } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { cleanUpOnInterrupt } from "./interrupt";

// SIGUSR2 stands in for SIGINT: emitting it on process reaches the listeners without a real signal.
const SIGNAL = "SIGUSR2" as const;
const SIGNAL_NUMBER = constants.signals.SIGUSR2;

afterEach(() => {
  process.removeAllListeners(SIGNAL);
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe("Ctrl-C during a run", () => {
  it("holds back the listeners already there (vitest's exit in 1 ms) until the cleanup is done, then calls them", async () => {
    const calls: string[] = [];
    const vitestListener = (...args: unknown[]) => calls.push(`vitest ${args.join(" ")}`);
    process.on(SIGNAL, vitestListener);
    let finishCleanup: () => void = () => {};
    const guard = cleanUpOnInterrupt({
      signals: [SIGNAL],
      say: () => {},
      exit: (code) => calls.push(`exit ${code}`),
      cleanUp: () =>
        new Promise<void>((resolve) => {
          calls.push("cleanup started");
          finishCleanup = () => {
            calls.push("cleanup done");
            resolve();
          };
        }),
    });
    expect(process.listeners(SIGNAL)).not.toContain(vitestListener);

    process.emit(SIGNAL);
    await settle();
    expect(guard.interrupted).toBe(true);
    expect(calls).toEqual(["cleanup started"]);

    finishCleanup();
    await settle();
    expect(calls).toEqual(["cleanup started", "cleanup done", `vitest ${SIGNAL} ${SIGNAL_NUMBER}`]);
    expect(process.listeners(SIGNAL)).toContain(vitestListener);
  });

  it("ends the process with 128 + the signal's number when nobody else listened", async () => {
    const exits: number[] = [];
    cleanUpOnInterrupt({
      signals: [SIGNAL],
      say: () => {},
      exit: (c) => exits.push(c),
      cleanUp: async () => {},
    });
    process.emit(SIGNAL);
    await settle();
    expect(exits).toEqual([128 + SIGNAL_NUMBER]);
  });

  it("gives the listeners back untouched at a normal teardown", () => {
    const vitestListener = () => {};
    process.on(SIGNAL, vitestListener);
    const guard = cleanUpOnInterrupt({ signals: [SIGNAL], say: () => {}, cleanUp: async () => {} });
    guard.release();
    guard.release();
    expect(process.listeners(SIGNAL)).toEqual([vitestListener]);
    expect(guard.interrupted).toBe(false);
  });
});
