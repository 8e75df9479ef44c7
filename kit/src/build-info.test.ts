import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import {
  argoVersionFlags,
  linkerSet,
  type ModuleOrigin,
  moduleOrigin,
  parseModuleOrigin,
} from "./build-info.ts";
import { linkerFlags } from "./go-build.ts";

const execFileAsync = promisify(execFile);

const SUM = "h1:OmhqeKiR3C//awbFrhQqFdtRI+Qiv17j8vqm3UkMj/g=";
const COMMIT = "b6bd3bcf8f60d717a98763d26acc983db7f97cb0";

describe("what the module proxy says of a version", () => {
  it("takes the commit from the .info's Origin when there is one, and the time as a build date", () => {
    const info = JSON.stringify({
      Version: "v1.9.1",
      Time: "2026-07-06T13:57:05Z",
      Origin: {
        VCS: "git",
        URL: "https://github.com/argoproj/argo-rollouts",
        Hash: COMMIT,
        Ref: "refs/tags/v1.9.1",
      },
    });
    expect(parseModuleOrigin("example.com/m", "v1.9.1", info, SUM)).toEqual({
      module: "example.com/m",
      version: "v1.9.1",
      time: "2026-07-06T13:57:05Z",
      commit: COMMIT,
      sum: SUM,
    });
  });

  it("has no commit where the .info names none, and writes any time as UTC to the second", () => {
    const origin = parseModuleOrigin(
      "example.com/m",
      "v3.6.1",
      '{"Version":"v3.6.1","Time":"2026-11-04T15:21:06.5+02:00"}',
      SUM,
    );
    expect(origin).toEqual({
      module: "example.com/m",
      version: "v3.6.1",
      time: "2026-11-04T13:21:06Z",
      sum: SUM,
    });
  });

  it("refuses an .info of another version, without a time, with a hash that is no commit, or no h1: sum", () => {
    const parse =
      (info: object, sum = SUM) =>
      () =>
        parseModuleOrigin("example.com/m", "v1.0.0", JSON.stringify(info), sum);
    expect(parse({ Version: "v1.0.1", Time: "2026-01-01T00:00:00Z" })).toThrow(/names version v1.0.1/);
    expect(parse({ Version: "v1.0.0" })).toThrow(/no usable Time/);
    expect(parse({ Version: "v1.0.0", Time: "2026-01-01T00:00:00Z", Origin: { Hash: "main" } })).toThrow(
      /not a git commit/,
    );
    expect(parse({ Version: "v1.0.0", Time: "2026-01-01T00:00:00Z" }, "")).toThrow(/no h1: sum/);
  });

  it("reads the pinned releases from the proxy: Rollouts v1.9.1 has its commit, Argo CD v3.6.1 none", async () => {
    const rollouts = await moduleOrigin("github.com/argoproj/argo-rollouts", "v1.9.1");
    expect(rollouts.commit).toBe(COMMIT);
    const argoCd = await moduleOrigin("github.com/argoproj/argo-cd/v3", "v3.6.1");
    expect(argoCd.commit).toBe(undefined);
    expect(argoCd.sum).toBe(SUM);
    expect(argoCd.time).toBe("2026-11-04T13:21:06Z");
  });
});

describe("link flags", () => {
  it("quotes a value with spaces with a quote it does not hold, and refuses what -ldflags cannot carry", () => {
    expect(linkerSet("p", "v", "a=b/c+d")).toBe("-X p.v=a=b/c+d");
    expect(linkerSet("p", "v", "a b")).toBe("-X 'p.v=a b'");
    expect(linkerSet("p", "v", "it's a b")).toBe(`-X "p.v=it's a b"`);
    expect(() => linkerSet("p", "v", `it's "a"`)).toThrow(/cannot pass p.v/);
    expect(() => linkerSet("p", "v", "a\nb")).toThrow(/cannot pass p.v/);
  });

  it("refuses to set one module's version package from another module's origin", () => {
    const origin: ModuleOrigin = { module: "example.com/a", version: "v1.0.0", time: "x", sum: SUM };
    expect(() => argoVersionFlags("example.com/ab/version", origin, false)).toThrow(/not a package of/);
  });

  it("reach the program through go build's -ldflags as they were meant, sum and sentence included", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "kit-ldflags-"));
    try {
      // A stand-in for Argo's version package: the variables the flags set, printed one a line.
      await mkdir(path.join(dir, "common"));
      await writeFile(path.join(dir, "go.mod"), "module example.com/argo\n\ngo 1.22\n");
      await writeFile(
        path.join(dir, "common", "common.go"),
        "package common\n\nvar version, buildDate, gitCommit, gitTag, gitTreeState, extraBuildInfo string\n\n" +
          "func Fields() []string {\n\treturn []string{version, buildDate, gitCommit, gitTag, gitTreeState, extraBuildInfo}\n}\n",
      );
      await writeFile(
        path.join(dir, "main.go"),
        'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/argo/common"\n)\n\n' +
          "func main() {\n\tfor _, f := range common.Fields() {\n\t\tfmt.Println(f)\n\t}\n}\n",
      );
      const origin: ModuleOrigin = {
        module: "example.com/argo",
        version: "v3.6.1",
        time: "2026-11-04T13:21:06Z",
        sum: SUM,
      };
      const env = { ...process.env, CGO_ENABLED: "0", GOFLAGS: "", GOTOOLCHAIN: "local" };
      const flags = linkerFlags(argoVersionFlags("example.com/argo/common", origin, true));
      await execFileAsync("go", ["build", "-ldflags", flags, "-o", "probe", "."], { cwd: dir, env });
      const { stdout } = await execFileAsync(path.join(dir, "probe"));
      expect(stdout.split("\n")).toEqual([
        "3.6.1",
        "2026-11-04T13:21:06Z",
        SUM,
        "v3.6.1",
        "clean",
        "gitops-conformance offline kit build of example.com/argo@v3.6.1 from the Go module proxy; GitCommit is the module's h1: sum, as the proxy names no commit",
        "",
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // A cold Go build cache compiles the standard library first: about 30 s on 2 busy CPUs.
  }, 180_000);
});
