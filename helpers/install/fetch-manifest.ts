import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { oneLine } from "../preflight/check-result";
import { InfrastructureError } from "../report/infrastructure-error";
import { redact } from "../report/redaction";
import { step } from "../report/step";
import { formatSeconds } from "../wait/wait-errors";
import { type GoModuleRef, goModuleFile } from "./go-module-file";

/** Shared by runs on this machine: a verified manifest is downloaded once. */
export const MANIFEST_CACHE_DIR = path.join(os.tmpdir(), "gitops-conformance-cache");
/** Argo CD's install.yaml is about 2 MB; a minute is generous for that, and still bounded. */
export const DOWNLOAD_TIMEOUT_MS = 60_000;

export interface FetchManifestOptions {
  cacheDir?: string;
  timeoutMs?: number;
  /** The same file in a Go module: read through the module proxy before trying the URL. */
  goModule?: GoModuleRef & { file: string };
}

export interface FetchedManifest {
  url: string;
  text: string;
  sha256: string;
  /** Whether the content was checked against a pinned sum. */
  verified: boolean;
  source: "cache" | "go module" | "network";
}

/** The manifest could not be downloaded: no network, no answer, or an HTTP error. */
export class ManifestDownloadError extends InfrastructureError {
  constructor(
    readonly url: string,
    readonly reason: string,
    readonly status?: number,
  ) {
    const host = new URL(url).host;
    const notFound =
      status === 404
        ? " If ARGOCD_VERSION or ROLLOUTS_VERSION is set, check that it names a released tag."
        : "";
    super(
      redact(
        oneLine(
          `could not download ${url} (${reason}).${notFound} The k3s tier installs Argo CD and Argo Rollouts from their manifests on GitHub, so this machine needs HTTPS access to ${host}: check the network, firewall or proxy (behind a proxy, set HTTPS_PROXY and NODE_USE_ENV_PROXY=1), then run the tests again. Alternatively, LAB_CLUSTER=existing against a cluster that already has Argo CD and Argo Rollouts installed skips the downloads; the offline self-tests need neither: npm run test:self.`,
        ),
      ),
    );
    this.name = "ManifestDownloadError";
  }
}

/** The download does not match its pinned sum; nothing was cached or installed. */
export class ManifestChecksumError extends InfrastructureError {
  constructor(
    readonly url: string,
    readonly expected: string,
    readonly actual: string,
    readonly bytes: number,
  ) {
    super(
      redact(
        oneLine(
          `${url} does not match its pinned sha256 (expected ${expected}, got ${actual} for ${bytes} bytes), so it was neither cached nor installed. A proxy or captive portal may have rewritten the download, or the file changed upstream at that tag. Compare with curl -sL ${url} | sha256sum; if upstream really changed, review the difference and update the sum in helpers/install/pinned-manifests.ts.`,
        ),
      ),
    );
    this.name = "ManifestChecksumError";
  }
}

// Sums are over the bytes served, as `curl | sha256sum` computes them.
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Why fetch failed, in a few words: "connect ECONNREFUSED 127.0.0.1:1234", "no answer within 60.0 s". */
function failureReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no answer within ${formatSeconds(timeoutMs)}`;
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.message ?? cause?.code ?? (error instanceof Error ? error.message : String(error));
}

async function download(url: string, timeoutMs: number): Promise<Buffer> {
  let response: Response;
  try {
    // The signal bounds the body as well as the connection.
    const signal = AbortSignal.timeout(timeoutMs);
    response = await fetch(url, { signal, redirect: "follow" });
    if (!response.ok) {
      await response.body?.cancel();
      throw new ManifestDownloadError(
        url,
        `HTTP ${response.status} ${response.statusText}`.trim(),
        response.status,
      );
    }
    return Buffer.from(await response.arrayBuffer());
  } catch (error) {
    if (error instanceof ManifestDownloadError) throw error;
    throw new ManifestDownloadError(url, failureReason(error, timeoutMs));
  }
}

/** A cached copy, only if it still hashes to the pinned sum (a truncated file is discarded). */
async function readCache(file: string, expected: string): Promise<Buffer | undefined> {
  const bytes = await readFile(file).catch(() => undefined);
  if (bytes === undefined) return undefined;
  if (sha256(bytes) === expected) return bytes;
  await rm(file, { force: true });
  return undefined;
}

async function writeCache(file: string, bytes: Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // Write then rename, so a parallel run never reads a half-written file.
  const partial = `${file}.${process.pid}.${Date.now()}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, file);
}

/**
 * Downloads an install manifest. With a pinned sum, the content is verified
 * and cached by that sum, so later runs read it from disk. Without one (a
 * version from the env matrix), it is downloaded every time, unverified and
 * uncached, and the report step says so. Fails with ManifestDownloadError or
 * ManifestChecksumError, both one paragraph starting "Infrastructure:".
 */
export async function fetchManifest(
  url: string,
  expectedSha256?: string,
  options: FetchManifestOptions = {},
): Promise<FetchedManifest> {
  const timeoutMs = options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS;
  const cacheDir = options.cacheDir ?? MANIFEST_CACHE_DIR;
  const expected = expectedSha256?.toLowerCase();
  return step(`Download ${url}`, async (stepContext) => {
    await stepContext.parameter(
      "sha256",
      expected ?? "not pinned for this version: no checksum to verify, not cached",
    );
    // The release's Go module first (the proxy's copy: no GitHub needed), else the URL.
    const fetchBytes = async () => {
      const module = options.goModule;
      const fromModule = module ? await goModuleFile(module, module.file).catch(() => undefined) : undefined;
      return fromModule && module
        ? {
            bytes: fromModule,
            how: `read from the Go module ${module.module}@${module.version}`,
            where: `${module.module}@${module.version}/${module.file}`,
            source: "go module" as const,
          }
        : {
            bytes: await download(url, timeoutMs),
            how: "downloaded",
            where: url,
            source: "network" as const,
          };
    };
    const result = (got: Awaited<ReturnType<typeof fetchBytes>>, actual: string, verified: boolean) => ({
      url,
      text: got.bytes.toString("utf8"),
      sha256: actual,
      verified,
      source: got.source,
    });
    if (!expected) {
      const got = await fetchBytes();
      const actual = sha256(got.bytes);
      await stepContext.rename(
        `Download ${url}: ${got.how}, unverified (version not pinned, sha256 ${actual})`,
      );
      return result(got, actual, false);
    }

    const cacheFile = path.join(cacheDir, `${expected}.yaml`);
    const cached = await readCache(cacheFile, expected);
    if (cached !== undefined) {
      await stepContext.rename(`Download ${url}: read from cache, sha256 verified`);
      return { url, text: cached.toString("utf8"), sha256: expected, verified: true, source: "cache" };
    }
    const got = await fetchBytes();
    const actual = sha256(got.bytes);
    if (actual !== expected) throw new ManifestChecksumError(got.where, expected, actual, got.bytes.length);
    // The cache only saves time: a read-only temp folder must not fail the install.
    await writeCache(cacheFile, got.bytes).catch(() => undefined);
    await stepContext.rename(`Download ${url}: ${got.how}, sha256 verified`);
    return result(got, actual, true);
  });
}
