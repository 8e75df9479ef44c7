import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumCandidate, chromiumPath } from "../report/headless-chromium";
import { screenshotArgoCdAs, uiShortfall } from "./argocd-screenshots";
import { pngInfo } from "./png";

const browser = chromiumPath();
const why = browser
  ? ""
  : ` (skipped: no browser at ${chromiumCandidate()}; apt-get install chromium, or set CHROMIUM_PATH)`;
const user = { username: "read-only-m3-4", password: "not-a-real-secret" };

/** A stand-in for the parts of Argo CD's UI the screenshots go through, with the same names and qe-ids. */
const LOGIN = `<!doctype html><form action="/applications" method="get">
<input name="username"><input name="password" type="password"><button type="submit">Sign In</button></form>`;
const app = (refusal: boolean) => `<!doctype html><body style="margin:0;background:#eef">
<div class="toolbar"><button><i class="fa fa-sync"></i> <span>Sync</span></button> <button>Toggle Auto-Sync</button></div>
<div class="tree">Deployment grade-submission-api</div>
<div id="panel" hidden><button qe-id="application-sync-panel-button-synchronize">Synchronize</button></div>
<div id="note" hidden>Unable to sync: permission denied: applications, sync, default/m3-4-grade-api</div>
<script>
document.querySelector(".toolbar button").onclick = () => { document.getElementById("panel").hidden = false; };
document.querySelector("#panel button").onclick = () => { document.getElementById("note").hidden = ${!refusal}; };
</script></body>`;

let server: Server;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://ui").pathname;
    const body =
      path === "/login"
        ? LOGIN
        : path === "/applications/argocd/m3-4-grade-api"
          ? app(true)
          : path === "/applications/argocd/silent-app"
            ? app(false)
            : "<!doctype html><html><script></script><p>applications</p></html>";
    // What argocd-server built from the Go module alone answers: no UI assets.
    if (path.startsWith("/no-ui/")) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("404 page not found");
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const shots = (appName: string) => ({ appNamespace: "argocd", appName, workload: "grade-submission-api" });

describe("screenshotArgoCdAs, against a stand-in UI served by node:http", () => {
  it("says why the UI cannot be seen when there is no browser, and the screenshot step then fails", async () => {
    const env = { CHROMIUM_PATH: "/nonexistent/chromium" };
    expect(await uiShortfall(baseUrl, env)).toBe(
      "no Chromium at /nonexistent/chromium (apt-get install chromium, or set CHROMIUM_PATH)",
    );
    await expect(screenshotArgoCdAs(baseUrl, user, shots("m3-4-grade-api"), { env })).rejects.toThrow(
      /^The Argo CD UI cannot be seen here: no Chromium at \/nonexistent\/chromium/,
    );
  });

  it.skipIf(!browser)(
    `logs in, screenshots the app and the refused sync in real headless Chromium${why}`,
    async () => {
      const result = await screenshotArgoCdAs(baseUrl, user, shots("m3-4-grade-api"), { timeoutMs: 10_000 });
      expect(result.taken.map((t) => t.name)).toEqual([
        "Argo CD UI as read-only-m3-4: application m3-4-grade-api",
        "Argo CD UI as read-only-m3-4: sync refused",
      ]);
      // The stand-in page's background (#eef) in the top-left pixel: the PNG shows the rendered page.
      for (const { png } of result.taken)
        expect(pngInfo(png)).toMatchObject({
          width: 1280,
          height: 1000,
          bitDepth: 8,
          topLeft: [238, 238, 255],
        });
    },
  );

  it.skipIf(!browser)(
    `fails the lab when the UI does not show the refusal, after attaching the page${why}`,
    async () => {
      await expect(
        screenshotArgoCdAs(baseUrl, user, shots("silent-app"), { timeoutMs: 1_500 }),
      ).rejects.toThrow(
        /The Argo CD UI step failed as read-only-m3-4 \(1 screenshot\(s\) taken\): .*Timeout 1500ms exceeded/,
      );
    },
  );

  it("says plainly that the UI cannot be seen when Argo CD serves none, and takes no screenshot", async () => {
    const env = { CHROMIUM_PATH: process.execPath };
    expect(await uiShortfall(`${baseUrl}/no-ui`, env)).toMatch(
      /serves no web UI \(GET \/ gave HTTP 404, 18 bytes: 404 page not found\)/,
    );
    expect(await uiShortfall(baseUrl, env)).toBeUndefined();
    await expect(
      screenshotArgoCdAs(`${baseUrl}/no-ui`, user, shots("m3-4-grade-api"), { env }),
    ).rejects.toThrow(/cannot be seen here: Argo CD at .* serves no web UI/);
  });
});
