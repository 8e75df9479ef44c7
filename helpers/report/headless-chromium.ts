import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/** Where the browser is looked for: CHROMIUM_PATH, else Debian's chromium package. */
export function chromiumCandidate(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH?.trim() || "/usr/bin/chromium";
}

/** The browser to use; undefined when there is none where it is looked for. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidate = chromiumCandidate(env);
  return existsSync(candidate) ? candidate : undefined;
}

// Quiet and self-contained: no first-run UI, no background fetches of its own.
// Playwright adds --headless itself; --no-sandbox because CI containers run as root.
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A headless Chromium with a fresh profile, removed on close. */
export async function launchChromium(
  executablePath: string,
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(path.join(tmpdir(), "chromium-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 1000 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
