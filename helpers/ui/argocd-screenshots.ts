import { attachPng } from "../report/attach";
import { chromiumCandidate, chromiumPath, launchChromium } from "../report/headless-chromium";
import { step } from "../report/step";
import { scaled } from "../wait/timeouts";
import { ArgoCdUi } from "./argocd-ui";

/**
 * Argo CD's UI seen as a given user in a real headless Chromium, with screenshots as the
 * evidence a lab's UI part asks for (M3.4: "Log in as the read-only user. Show: cannot sync,
 * delete, edit; can view state and logs"; T05: the app Degraded, the pod's logs and image).
 * The page's parts are in argocd-ui.ts. Where no browser is here or Argo CD serves no UI, the
 * lab's UI part is not run at all (uiShortfall): it is reported not verified.
 */

export interface UiUser {
  username: string;
  password: string;
}

const UI_TIMEOUT_MS = 30_000;

export interface AppScreenshots {
  /** The Application's namespace in the UI's URL (Argo CD's own namespace for the suite's apps). */
  appNamespace: string;
  appName: string;
  /** A resource name the app's tree shows once it has loaded. */
  workload: string;
}

export interface ScreenshotResult {
  /** The screenshots attached, in order. */
  taken: { name: string; png: Buffer }[];
}

/** Whether argocd-server serves its web UI: a build from the Go module alone has only a placeholder. */
export async function uiServed(
  baseUrl: string,
  timeoutMs = 10_000,
): Promise<{ served: boolean; saw: string; answered: boolean }> {
  try {
    const response = await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    const served = response.ok && /<html/i.test(body) && /<script/i.test(body);
    return {
      served,
      answered: true,
      saw: `HTTP ${response.status}, ${body.length} bytes${served ? "" : `: ${body.slice(0, 80).trim()}`}`,
    };
  } catch (error) {
    return { served: false, answered: false, saw: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Why the UI cannot be seen here, or undefined when it can: no browser, or an Argo CD that serves
 * no UI (built without ui/dist/app, as the offline kit's is unless KIT_ARGOCD_UI). A lab's UI part
 * is then reported not verified, never passed on the API's evidence.
 */
export async function uiShortfall(baseUrl: string, env?: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (!chromiumPath(env))
    return `no Chromium at ${chromiumCandidate(env)} (apt-get install chromium, or set CHROMIUM_PATH)`;
  const ui = await uiServed(baseUrl);
  if (!ui.answered)
    return `Argo CD at ${baseUrl} did not answer GET / (${ui.saw}), so its UI could not be looked at`;
  if (!ui.served)
    return `Argo CD at ${baseUrl} serves no web UI (GET / gave ${ui.saw}): its binary was built without the UI's assets (the offline kit's Argo CD is, unless KIT_ARGOCD_UI; see kit/README.md)`;
  return undefined;
}

/** What a UI session shows, step by step; each screenshot is kept under its name. */
export type UiScenario = (ui: ArgoCdUi, keep: (name: string, png: Buffer) => Promise<void>) => Promise<void>;

/**
 * Logs in to the UI at `baseUrl` as `user` in headless Chromium and plays `scenario`, attaching
 * each screenshot to the report. Callers check uiShortfall first: a UI that cannot be seen here,
 * or a UI step that does not complete, throws, with the page as it was attached.
 */
export async function inArgoCdUi(
  baseUrl: string,
  user: UiUser,
  what: string,
  scenario: UiScenario,
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<ScreenshotResult> {
  const timeout = options.timeoutMs ?? scaled(UI_TIMEOUT_MS);
  return step(`UI: Argo CD as ${user.username}, ${what} (screenshots)`, async (handle) => {
    const shortfall = await uiShortfall(baseUrl, options.env);
    const executable = chromiumPath(options.env);
    if (shortfall || !executable) {
      await handle.rename(`UI: NOT SEEN as ${user.username}: ${shortfall}`);
      throw new Error(`The Argo CD UI cannot be seen here: ${shortfall}`);
    }
    const taken: ScreenshotResult["taken"] = [];
    const keep = async (name: string, png: Buffer) => {
      taken.push({ name: `Argo CD UI as ${user.username}: ${name}`, png });
      await attachPng(`Argo CD UI as ${user.username}: ${name}`, png);
    };
    let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
    try {
      browser = await launchChromium(executable);
      const page = await browser.context.newPage();
      const ui = new ArgoCdUi(page, baseUrl, timeout);
      try {
        await ui.logIn(user);
        await scenario(ui, keep);
      } catch (error) {
        await attachPng(
          `Argo CD UI as ${user.username}: the page when the UI step stopped`,
          await page.screenshot(),
        );
        throw error;
      }
      return { taken };
    } catch (error) {
      const reason = error instanceof Error ? (error.message.split("\n")[0] ?? error.message) : String(error);
      await handle.rename(`UI: Argo CD as ${user.username} did not show ${what}: ${reason}`);
      throw new Error(
        `The Argo CD UI step failed as ${user.username} (${taken.length} screenshot(s) taken): ${reason}`,
      );
    } finally {
      await browser?.close();
    }
  });
}

/** M3.4's screens: the app's state, a pod's logs, and Sync, Delete and Edit each refused with the permission's words. */
export function readOnlyScenario(
  shots: AppScreenshots & { pod: string; podNamespace: string; logLine: string },
): UiScenario {
  const denied = (action: string) => `permission denied: applications, ${action}, default/${shots.appName}`;
  return async (ui, keep) => {
    await keep(
      `application ${shots.appName}: its tree, Healthy and Synced`,
      await ui.openApp(shots.appNamespace, shots.appName, shots.workload, ["Healthy", "Synced"]),
    );
    const pod = { kind: "Pod", namespace: shots.podNamespace, name: shots.pod };
    await keep(
      `pod ${shots.pod}: its logs`,
      await ui.openResource(shots.appNamespace, shots.appName, pod, "logs", shots.logLine),
    );
    // The changes last, after what the UI shows: a UI build whose argo-ui differed from the pinned
    // commit crashed (React error #130) on opening Details, Sync's panel and Delete's prompt.
    await ui.openApp(shots.appNamespace, shots.appName, shots.workload);
    await keep("Edit refused", await ui.tryEdit(denied("update")));
    await ui.openApp(shots.appNamespace, shots.appName, shots.workload);
    await keep("Delete refused", await ui.tryDelete(shots.appName, denied("delete")));
    await ui.openApp(shots.appNamespace, shots.appName, shots.workload);
    await keep("Sync refused", await ui.trySync(denied("sync")));
  };
}

/** T05's screens: the app Degraded, the crashing pod's image (the bad commit's SHA) and its log with the crash. */
export function diagnosisScenario(
  shots: AppScreenshots & { pod: string; podNamespace: string; image: string; crash: string },
): UiScenario {
  return async (ui, keep) => {
    await keep(
      `application ${shots.appName}: Degraded`,
      await ui.openApp(shots.appNamespace, shots.appName, shots.workload, ["Degraded"]),
    );
    const pod = { kind: "Pod", namespace: shots.podNamespace, name: shots.pod };
    await keep(
      `pod ${shots.pod}: its image ${shots.image}`,
      await ui.openResource(shots.appNamespace, shots.appName, pod, "summary", shots.image),
    );
    await keep(
      `pod ${shots.pod}: its log with the crash`,
      await ui.openResource(shots.appNamespace, shots.appName, pod, "logs", shots.crash),
    );
  };
}
