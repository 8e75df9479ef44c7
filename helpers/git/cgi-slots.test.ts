import { describe, expect, it } from "vitest";
import { createCgiSlots } from "./cgi-slots";

const never = new AbortController().signal;

describe("createCgiSlots", () => {
  it("grants up to its limit at once, then queues, handing each freed slot to the longest waiter", async () => {
    const slots = createCgiSlots(2);
    const first = await slots.acquire(never);
    const second = await slots.acquire(never);
    const order: string[] = [];
    const third = slots.acquire(never).then((release) => {
      order.push("third");
      return release;
    });
    const fourth = slots.acquire(never).then((release) => {
      order.push("fourth");
      return release;
    });
    expect({ running: slots.running, waiting: slots.waiting }).toEqual({ running: 2, waiting: 2 });

    first();
    first(); // a second release of the same slot frees nothing more
    const releaseThird = await third;
    expect(order).toEqual(["third"]);
    expect({ running: slots.running, waiting: slots.waiting }).toEqual({ running: 2, waiting: 1 });

    // A newcomer does not overtake the queue: the freed slot goes to the waiter.
    second();
    const late = slots.acquire(never);
    (await fourth)();
    expect(order).toEqual(["third", "fourth"]);
    releaseThird();
    (await late)();
    expect({ running: slots.running, waiting: slots.waiting }).toEqual({ running: 0, waiting: 0 });
  });

  it("drops a waiter whose signal aborts, which then never holds a slot", async () => {
    const slots = createCgiSlots(1);
    const held = await slots.acquire(never);
    const hangUp = new AbortController();
    const abandoned = slots.acquire(hangUp.signal);
    const next = slots.acquire(never);
    expect(slots.waiting).toBe(2);

    hangUp.abort(new Error("client hung up"));
    await expect(abandoned).rejects.toThrow("client hung up");
    expect({ running: slots.running, waiting: slots.waiting }).toEqual({ running: 1, waiting: 1 });

    held();
    (await next)();
    expect(slots.running).toBe(0);
    await expect(slots.acquire(AbortSignal.abort(new Error("gone already")))).rejects.toThrow("gone already");
    expect(slots.running).toBe(0);
  });

  it("refuses a limit that is not a positive integer", () => {
    for (const limit of [0, -1, 1.5, Number.NaN]) {
      expect(() => createCgiSlots(limit)).toThrow(/positive integer/);
    }
  });
});
