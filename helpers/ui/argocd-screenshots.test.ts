import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumCandidate, chromiumPath } from "../report/headless-chromium";
import { inArgoCdUi, readOnlyScenario, uiShortfall } from "./argocd-screenshots";
import { pngInfo } from "./png";

const browser = chromiumPath();
const why = browser
  ? ""
  : ` (skipped: no browser at ${chromiumCandidate()}; apt-get install chromium, or set CHROMIUM_PATH)`;
const user = { username: "read-only-m3-4", password: "not-a-real-secret" };

/**
 * A stand-in for the parts of Argo CD v3.6.1's UI the scenarios go through, with the same
 * classes, qe-ids and words (argocd-ui.ts says where each comes from). `refuses` lists the
 * actions whose refusal toast it shows; a missing one never comes.
 */
const LOGIN = `<!doctype html><form action="/applications/argocd/m3-4-grade-api" method="get">
<input name="username"><input name="password" type="password"><button type="submit">Sign In</button></form>`;
const toast = (appName: string, action: string, show: boolean) =>
  show
    ? `document.body.insertAdjacentHTML("beforeend", '<div class="Toastify__toast--error">Unable to ${action}: permission denied: applications, ${action === "save changes" ? "update" : action}, default/${appName}, sub: read-only-m3-4</div>');`
    : "";
const app = (
  appName: string,
  refuses: string[],
  query: URLSearchParams,
) => `<!doctype html><body style="margin:0;background:#eef">
<div class="top-bar__action-menu"><button><i class="fa fa-info-circle"></i> <span>Details</span></button>
<button><i class="fa fa-sync"></i> <span>Sync</span></button><button><span>Sync Status</span></button>
<button><i class="fa fa-times-circle"></i> <span>Delete</span></button></div>
<div class="tree">Deployment grade-submission-api Healthy Synced</div>
${query.get("tab") === "logs" ? `<div class="pod-logs-viewer"><div class="noscroll">grade-submission-api 1a2b listening on 8080</div></div>` : ""}
<div id="sync" hidden><button qe-id="application-sync-panel-button-synchronize">Synchronize</button></div>
<div id="delete" hidden><input qeid="name-field-delete-confirmation"><button qe-id="prompt-popup-ok-button">OK</button></div>
<div id="details" hidden class="editable-panel__buttons"><button id="edit">Edit</button><button id="save">Save</button></div>
<script>
const [details, sync, , del] = document.querySelectorAll(".top-bar__action-menu button");
sync.onclick = () => { document.getElementById("sync").hidden = false; };
del.onclick = () => { document.getElementById("delete").hidden = false; };
details.onclick = () => { document.getElementById("details").hidden = false; };
document.querySelector("#sync button").onclick = () => { ${toast(appName, "sync", refuses.includes("sync"))} };
document.querySelector("#delete button").onclick = () => { ${toast(appName, "delete", refuses.includes("delete"))} };
document.getElementById("save").onclick = () => { ${toast(appName, "save changes", refuses.includes("update"))} };
</script></body>`;

let server: Server;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://ui");
    // What argocd-server built from the Go module alone answers: no UI assets.
    if (url.pathname.startsWith("/no-ui/")) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("404 page not found");
      return;
    }
    const body =
      url.pathname === "/login"
        ? LOGIN
        : url.pathname === "/applications/argocd/m3-4-grade-api"
          ? app("m3-4-grade-api", ["sync", "delete", "update"], url.searchParams)
          : url.pathname === "/applications/argocd/lets-delete"
            ? app("lets-delete", ["sync", "update"], url.searchParams)
            : "<!doctype html><html><script></script><p>applications</p></html>";
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const shots = (appName: string) => ({
  appNamespace: "argocd",
  appName,
  workload: "grade-submission-api",
  pod: "grade-submission-api-7d9f-abcde",
  podNamespace: "m3-4-ab12cd34",
  logLine: "listening on",
});

describe("Argo CD's UI as the read-only user, against a stand-in UI served by node:http", () => {
  it("says why the UI cannot be seen when there is no browser, and a UI session then fails", async () => {
    const env = { CHROMIUM_PATH: "/nonexistent/chromium" };
    expect(await uiShortfall(baseUrl, env)).toBe(
      "no Chromium at /nonexistent/chromium (apt-get install chromium, or set CHROMIUM_PATH)",
    );
    await expect(
      inArgoCdUi(baseUrl, user, "the app", readOnlyScenario(shots("m3-4-grade-api")), { env }),
    ).rejects.toThrow(/^The Argo CD UI cannot be seen here: no Chromium at \/nonexistent\/chromium/);
  });

  it.skipIf(!browser)(
    `logs in and screenshots the app's state, a pod's logs, and Sync, Delete and Edit refused, in real headless Chromium${why}`,
    async () => {
      const result = await inArgoCdUi(baseUrl, user, "the app", readOnlyScenario(shots("m3-4-grade-api")), {
        timeoutMs: 10_000,
      });
      expect(result.taken.map((t) => t.name)).toEqual([
        "Argo CD UI as read-only-m3-4: application m3-4-grade-api: its tree, Healthy and Synced",
        "Argo CD UI as read-only-m3-4: pod grade-submission-api-7d9f-abcde: its logs",
        "Argo CD UI as read-only-m3-4: Edit refused",
        "Argo CD UI as read-only-m3-4: Delete refused",
        "Argo CD UI as read-only-m3-4: Sync refused",
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
    `fails when the UI does not refuse one of the changes (here Delete), after attaching the page${why}`,
    async () => {
      await expect(
        inArgoCdUi(baseUrl, user, "the app", readOnlyScenario(shots("lets-delete")), { timeoutMs: 1_500 }),
      ).rejects.toThrow(
        /The Argo CD UI step failed as read-only-m3-4 \(3 screenshot\(s\) taken\): .*Timeout 1500ms exceeded/,
      );
    },
  );

  it("says plainly that the UI cannot be seen when Argo CD serves none", async () => {
    const env = { CHROMIUM_PATH: process.execPath };
    expect(await uiShortfall(`${baseUrl}/no-ui`, env)).toMatch(
      /serves no web UI \(GET \/ gave HTTP 404, 18 bytes: 404 page not found\)/,
    );
    expect(await uiShortfall(baseUrl, env)).toBeUndefined();
  });
});
