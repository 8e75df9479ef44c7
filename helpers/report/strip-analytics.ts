import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Allure 3's report page loads Google Analytics (Google Tag Manager) and has
 * no option to turn it off; a report published for the course's readers
 * should not track them. This removes the two script tags; the report needs
 * neither (the self-test proves it renders with no request leaving its host).
 */
const GTAG =
  /[ \t]*<script async src="https:\/\/www\.googletagmanager\.com\/gtag\/js[^"]*"><\/script>\s*<script>(?:(?!<\/script>)[\s\S])*?gtag\((?:(?!<\/script>)[\s\S])*<\/script>\n?/g;

export function stripAnalytics(html: string): { html: string; removed: number } {
  let removed = 0;
  const out = html.replace(GTAG, () => {
    removed += 1;
    return "";
  });
  return { html: out, removed };
}

/** Strips the report's index.html in place; how many analytics blocks it removed. */
export async function stripReportAnalytics(reportDir: string): Promise<number> {
  const file = path.join(reportDir, "index.html");
  const { html, removed } = stripAnalytics(await readFile(file, "utf8"));
  if (removed > 0) await writeFile(file, html);
  return removed;
}
