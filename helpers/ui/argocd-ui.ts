import type { Locator, Page } from "playwright-core";

/**
 * Argo CD's web UI as read at v3.6.1 (ui/src/app, and argo-ui for the shared widgets):
 * - login (login/components/login.tsx): inputs `username` and `password`, a submit button "Sign In";
 * - the app's page /applications/<app-namespace>/<name>; its toolbar (argo-ui top-bar) holds real
 *   buttons in `.top-bar__action-menu` labelled Details, Diff, Sync, Sync Status, History and
 *   rollback, Delete, Refresh; the labels are hidden below 1024 px, so the viewport is wider;
 * - Sync opens the sync panel, whose button has qe-id application-sync-panel-button-synchronize; a
 *   refusal is an error toast "Unable to sync: permission denied: applications, sync, <project>/<app>, …";
 * - Delete asks for the app's name (input qeid="name-field-delete-confirmation"), then OK
 *   (qe-id prompt-popup-ok-button);
 * - Details → the summary's editable panel: Edit, then Save ("Unable to save changes: …");
 * - a resource's panel opens from the URL (?node=/<Kind>/<ns>/<name>/0&tab=summary|logs); its logs
 *   render in `.pod-logs-viewer`.
 */
export class ArgoCdUi {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
    private readonly timeout: number,
  ) {}

  async logIn(user: { username: string; password: string }): Promise<void> {
    await this.page.goto(`${this.baseUrl}/login`, { timeout: this.timeout });
    await this.page.locator('input[name="username"]').fill(user.username, { timeout: this.timeout });
    await this.page.locator('input[name="password"]').fill(user.password);
    await this.page.locator('button[type="submit"]').click();
    await this.page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: this.timeout });
  }

  appUrl(appNamespace: string, appName: string, query = ""): string {
    return `${this.baseUrl}/applications/${appNamespace}/${appName}${query}`;
  }

  /** The app's page, once its resource tree shows `workload` and the page shows each of `texts`. */
  async openApp(
    appNamespace: string,
    appName: string,
    workload: string,
    texts: string[] = [],
  ): Promise<Buffer> {
    await this.page.goto(this.appUrl(appNamespace, appName), { timeout: this.timeout });
    await this.visible(this.page.getByText(workload).first());
    for (const text of texts) await this.visible(this.page.getByText(text).first());
    return this.page.screenshot();
  }

  /** A resource's panel (summary or logs), once it shows `text`. */
  async openResource(
    appNamespace: string,
    appName: string,
    resource: { kind: string; namespace: string; name: string },
    tab: "summary" | "logs",
    text: string,
  ): Promise<Buffer> {
    const node = `/${resource.kind}/${resource.namespace}/${resource.name}/0`;
    await this.page.goto(this.appUrl(appNamespace, appName, `?node=${encodeURIComponent(node)}&tab=${tab}`), {
      timeout: this.timeout,
    });
    const where = tab === "logs" ? this.page.locator(".pod-logs-viewer") : this.page.locator("body");
    await this.visible(where.getByText(text).first());
    return this.page.screenshot();
  }

  /** The toolbar's button with exactly this label ("Sync", not "Sync Status"). */
  private toolbarButton(label: string): Locator {
    return this.page
      .locator(".top-bar__action-menu button")
      .filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) })
      .first();
  }

  /** The error toast that says `refusal` (a permission's words), once it shows. */
  private async refusal(refusal: string): Promise<Buffer> {
    await this.visible(this.page.locator(".Toastify__toast--error").filter({ hasText: refusal }).first());
    return this.page.screenshot();
  }

  async trySync(refusal: string): Promise<Buffer> {
    await this.toolbarButton("Sync").click({ timeout: this.timeout });
    await this.page
      .locator('[qe-id="application-sync-panel-button-synchronize"]')
      .click({ timeout: this.timeout });
    return this.refusal(refusal);
  }

  async tryDelete(appName: string, refusal: string): Promise<Buffer> {
    await this.toolbarButton("Delete").click({ timeout: this.timeout });
    await this.page
      .locator('input[qeid="name-field-delete-confirmation"]')
      .fill(appName, { timeout: this.timeout });
    await this.page.locator('button[qe-id="prompt-popup-ok-button"]').click({ timeout: this.timeout });
    return this.refusal(refusal);
  }

  async tryEdit(refusal: string): Promise<Buffer> {
    await this.toolbarButton("Details").click({ timeout: this.timeout });
    await this.page
      .locator(".editable-panel__buttons button")
      .filter({ hasText: /^\s*Edit\s*$/ })
      .first()
      .click({ timeout: this.timeout });
    await this.page
      .locator(".editable-panel__buttons button")
      .filter({ hasText: /^\s*Save\s*$/ })
      .first()
      .click({ timeout: this.timeout });
    return this.refusal(refusal);
  }

  private visible(locator: Locator): Promise<void> {
    return locator.waitFor({ state: "visible", timeout: this.timeout });
  }

  screenshot(): Promise<Buffer> {
    return this.page.screenshot();
  }
}
