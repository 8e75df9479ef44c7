import * as allure from "allure-js-commons";
import { stringify } from "yaml";
import { redact } from "./redaction";
import { isQuiet, journalAttachment } from "./step";

/** Attaches text to the current step (or test), with registered secrets redacted. */
export async function attachText(name: string, text: string, contentType = "text/plain"): Promise<void> {
  if (isQuiet() || journalAttachment(name, text)) return;
  await allure.attachment(redact(name), redact(text), { contentType });
}

export async function attachJson(name: string, value: unknown): Promise<void> {
  await attachText(name, JSON.stringify(value, null, 2), "application/json");
}

export async function attachYaml(name: string, value: unknown): Promise<void> {
  await attachText(name, typeof value === "string" ? value : stringify(value), "text/yaml");
}

/** Attaches an image (a screenshot) to the current step; outside a test there is nowhere to put it. */
export async function attachPng(name: string, png: Buffer): Promise<void> {
  if (isQuiet()) return;
  if (journalAttachment(name, `(PNG screenshot, ${png.length} bytes, not kept outside a test)`)) return;
  await allure.attachment(redact(name), png, { contentType: "image/png" });
}
