import { describe, expect, it } from "vitest";
import { LabCleanups } from "./lab-cleanups";

describe("a lab's cleanups", () => {
  it("all run, newest first, and only the failures of those that had to succeed are returned", async () => {
    const ran: string[] = [];
    const cleanups = new LabCleanups();
    cleanups.add(async () => ran.push("namespace"));
    cleanups.add(
      async () => {
        ran.push("argocd-rbac-cm");
        throw new Error("403 Forbidden");
      },
      { mustSucceed: "Argo CD's configuration" },
    );
    cleanups.add(async () => {
      ran.push("app");
      throw new Error("already gone");
    });
    expect(await cleanups.run("Clean up")).toEqual(["Argo CD's configuration: 403 Forbidden"]);
    expect(ran).toEqual(["app", "argocd-rbac-cm", "namespace"]);
    expect(await cleanups.run("Clean up again")).toEqual([]);
  });

  it("added after the lab closed, runs at once rather than never", async () => {
    const cleanups = new LabCleanups();
    await cleanups.run("Clean up");
    const { promise, resolve } = Promise.withResolvers<string>();
    cleanups.add(async () => resolve("undone"));
    expect(await promise).toBe("undone");
  });
});
