import { afterEach, describe, expect, it } from "vitest";
import { attachText } from "./attach";
import { failureParagraph } from "./failure-paragraph";
import { registerSecret } from "./redaction";
import { startJournal, step, stopJournal } from "./step";

afterEach(() => {
  stopJournal();
});

describe("steps outside a test (the cluster setup)", () => {
  it("print progress and keep nested steps with durations and attachments, redacted", async () => {
    const printed: string[] = [];
    startJournal((line) => printed.push(line));
    registerSecret("journal-secret-42");
    await step("Start k3s", async () => {
      await step("Apply manifests", async (handle) => {
        await attachText("transcript", "password journal-secret-42");
        await handle.rename("Apply manifests: done");
      });
    });
    await step("Install Argo CD", async () => {
      throw new Error("boom");
    }).catch(() => undefined);
    const entries = stopJournal();
    expect(entries.map((e) => [e.depth, e.name, e.outcome])).toEqual([
      [0, "Start k3s", "passed"],
      [1, "Apply manifests: done", "passed"],
      [0, "Install Argo CD", "failed"],
    ]);
    expect(entries[1]?.attachments).toEqual([{ name: "transcript", content: "password [REDACTED]" }]);
    expect(printed[0]).toBe("… Start k3s");
    expect(printed).toContainEqual(expect.stringMatching(/^ {2}✓ Apply manifests: done \(\d+\.\d s\)$/));
    expect(printed.at(-1)).toMatch(/^✗ Install Argo CD \(\d+\.\d s\)$/);
  });
});

describe("concurrent steps outside a test (Argo CD and Rollouts install side by side)", () => {
  it("keep each step's sub-steps and attachments under it, not under whichever opened last", async () => {
    startJournal(() => {});
    const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
    const install = (name: string) =>
      step(`Install ${name}`, async () => {
        await tick();
        await step(`Apply ${name}`, async () => {
          await tick();
          await attachText("transcript", `applied ${name}`);
        });
        await attachText("changes", `${name} patched`);
      });
    await step("Setup", () => Promise.all([install("Argo CD"), install("Rollouts")]));
    const entries = stopJournal();
    expect(entries.map((e) => [e.depth, e.name])).toEqual([
      [0, "Setup"],
      [1, "Install Argo CD"],
      [2, "Apply Argo CD"],
      [1, "Install Rollouts"],
      [2, "Apply Rollouts"],
    ]);
    const attachments = Object.fromEntries(entries.map((e) => [e.name, e.attachments.map((a) => a.content)]));
    expect(attachments["Install Argo CD"]).toEqual(["Argo CD patched"]);
    expect(attachments["Apply Argo CD"]).toEqual(["applied Argo CD"]);
    expect(attachments["Install Rollouts"]).toEqual(["Rollouts patched"]);
    expect(attachments["Apply Rollouts"]).toEqual(["applied Rollouts"]);
  });
});

describe("the paragraph a person sees when setup fails", () => {
  it("is the suite's own paragraph when the error is one", () => {
    expect(
      failureParagraph(new Error("Infrastructure: Docker is not reachable.\n  more"), "Cluster setup"),
    ).toBe("Infrastructure: Docker is not reachable. more");
  });

  it("is one paragraph with what to do for anything else, never a stack trace", () => {
    const error = new Error("ECONNRESET reading /version");
    const text = failureParagraph(error, "Cluster setup");
    expect(text).toBe(
      "Infrastructure: Cluster setup failed unexpectedly: ECONNRESET reading /version. Run npm run doctor to check the machine; if it is all OK, rerun with DEBUG=testcontainers* and report the output.",
    );
    expect(text.includes("    at ")).toBe(false);
  });
});
