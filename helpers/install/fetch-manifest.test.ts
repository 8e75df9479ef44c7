import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_PINS } from "../project/versions";
import { fetchManifest, ManifestChecksumError, ManifestDownloadError } from "./fetch-manifest";
import { manifestSource } from "./pinned-manifests";

const BODY = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: argocd\n";
const SUM = createHash("sha256").update(BODY).digest("hex");

let server: Server;
let base: string;
let cacheDir: string;
const requests: string[] = [];

const listen = (s: Server) =>
  new Promise<string>((resolve) =>
    s.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)),
  );

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? "");
    if (req.url === "/slow") return; // never answers
    if (req.url?.startsWith("/install.yaml")) {
      res.writeHead(200, { "content-type": "text/plain" });
      return res.end(BODY);
    }
    res.writeHead(404, "Not Found");
    res.end("404: Not Found");
  });
  base = await listen(server);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests.length = 0;
  cacheDir = mkdtempSync(path.join(os.tmpdir(), "manifest-cache-test-"));
  return () => rmSync(cacheDir, { recursive: true, force: true });
});

describe("fetchManifest against a real local HTTP server", () => {
  it("verifies a pinned sum, then serves the second call from the cache without a request", async () => {
    const first = await fetchManifest(`${base}/install.yaml`, SUM, { cacheDir });
    expect(first).toMatchObject({ text: BODY, sha256: SUM, verified: true, source: "network" });
    const second = await fetchManifest(`${base}/install.yaml`, SUM, { cacheDir });
    expect(second).toMatchObject({ text: BODY, sha256: SUM, verified: true, source: "cache" });
    expect(requests).toEqual(["/install.yaml"]);
  });

  it("discards a cached copy that no longer matches, and downloads again", async () => {
    writeFileSync(path.join(cacheDir, `${SUM}.yaml`), BODY.slice(0, 10));
    const result = await fetchManifest(`${base}/install.yaml`, SUM, { cacheDir });
    expect(result.source).toBe("network");
    expect(requests).toHaveLength(1);
  });

  it("refuses a download that does not match the pin, and caches nothing", async () => {
    const wrong = "0".repeat(64);
    const url = `${base}/install.yaml`;
    const error = await fetchManifest(url, wrong, { cacheDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManifestChecksumError);
    expect((error as Error).message).toBe(
      `Infrastructure: ${url} does not match its pinned sha256 (expected ${wrong}, got ${SUM} for ${BODY.length} bytes), so it was neither cached nor installed. A proxy or captive portal may have rewritten the download, or the file changed upstream at that tag. Compare with curl -sL ${url} | sha256sum; if upstream really changed, review the difference and update the sum in helpers/install/pinned-manifests.ts.`,
    );
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it("downloads an unpinned version every time, unverified and uncached", async () => {
    for (let i = 0; i < 2; i++) {
      const result = await fetchManifest(`${base}/install.yaml?v3.6.0`, undefined, { cacheDir });
      expect(result).toMatchObject({ text: BODY, sha256: SUM, verified: false, source: "network" });
    }
    expect(requests).toHaveLength(2);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it("turns connection refused into one Infrastructure paragraph: which URL, why, what to do", async () => {
    const closed = createServer();
    const url = `${await listen(closed)}/install.yaml`;
    await new Promise((resolve) => closed.close(resolve));
    const error = await fetchManifest(url, SUM, { cacheDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManifestDownloadError);
    const message = (error as Error).message;
    expect(message).toMatch(
      new RegExp(
        `^Infrastructure: could not download ${url.replace(/[.?]/g, "\\$&")} \\(connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+\\)\\. `,
      ),
    );
    expect(message).toContain("needs HTTPS access to 127.0.0.1:");
    expect(message).toContain(
      "LAB_CLUSTER=existing against a cluster that already has Argo CD and Argo Rollouts installed skips the downloads",
    );
    expect(message).not.toMatch(/\n/);
    expect(existsSync(path.join(cacheDir, `${SUM}.yaml`))).toBe(false);
  });

  it("reports an HTTP error with its status, and hints at the version variables on 404", async () => {
    const error = await fetchManifest(`${base}/v9.9.9/install.yaml`, undefined, { cacheDir }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(
      /^Infrastructure: could not download http:\/\/127\.0\.0\.1:\d+\/v9\.9\.9\/install\.yaml \(HTTP 404 Not Found\)\. If ARGOCD_VERSION or ROLLOUTS_VERSION is set, check that it names a released tag\. /,
    );
  });

  it("gives up after its timeout when the server never answers", async () => {
    const started = performance.now();
    const error = await fetchManifest(`${base}/slow`, SUM, { cacheDir, timeoutMs: 200 }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(
      /^Infrastructure: could not download .*\/slow \(no answer within 0\.2 s\)\. /,
    );
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("fetchManifest from the release's Go module", () => {
  const rollouts = manifestSource("argo-rollouts", DEFAULT_PINS.rolloutsVersion);
  // Nothing listens on port 1: a download would fail, so a pass proves the module's copy was used.
  const unreachable = "http://127.0.0.1:1/install.yaml";

  it("reads a pinned manifest from the module proxy, verified, with no download", async () => {
    const fetched = await fetchManifest(unreachable, rollouts.sha256, {
      cacheDir,
      goModule: rollouts.goModule,
    });
    expect(fetched).toMatchObject({ verified: true, source: "go module", sha256: rollouts.sha256 });
    expect(fetched.text).toContain("kind: CustomResourceDefinition");
  });

  it("refuses the module's copy when it does not hash to the pinned sum, naming the module", async () => {
    const wrong = "0".repeat(64);
    await expect(
      fetchManifest(unreachable, wrong, { cacheDir, goModule: rollouts.goModule }),
    ).rejects.toThrow(
      /github\.com\/argoproj\/argo-rollouts@v1\.9\.1\/manifests\/install\.yaml does not match its pinned sha256/,
    );
  });
});
