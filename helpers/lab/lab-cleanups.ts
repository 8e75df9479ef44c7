import { step } from "../report/step";

/**
 * What a lab must undo when it closes, run last registered first. Most undos are best effort
 * (a namespace that is already going); one marked `mustSucceed` (what it puts back, e.g. Argo
 * CD's configuration) makes its failure the lab's.
 */
export class LabCleanups {
  private readonly stack: { run: () => Promise<unknown>; mustSucceed?: string }[] = [];
  private ran = false;

  /** After the lab closed (a body vitest abandoned on a timeout goes on), a cleanup runs at once. */
  add(cleanup: () => Promise<unknown>, options: { mustSucceed?: string } = {}): void {
    if (this.ran) void cleanup().catch(() => undefined);
    else this.stack.push({ run: cleanup, ...options });
  }

  /** Runs every cleanup as one report step; returns the failures of those that had to succeed. */
  async run(title: string): Promise<string[]> {
    const failed: string[] = [];
    this.ran = true;
    await step(title, async () => {
      for (const cleanup of this.stack.reverse().splice(0))
        await cleanup.run().catch((e: unknown) => {
          if (cleanup.mustSucceed)
            failed.push(`${cleanup.mustSucceed}: ${e instanceof Error ? e.message : e}`);
        });
    });
    return failed;
  }
}
