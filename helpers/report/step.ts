import * as allure from "allure-js-commons";
import { redact } from "./redaction";

/** What a step body may do besides its work: rename itself with its outcome, and note a parameter. */
export interface StepHandle {
  rename(name: string): Promise<void>;
  parameter(name: string, value: string): Promise<void>;
}

/**
 * Outside a test (vitest's global setup boots the cluster there) there is no
 * Allure test to write into. Steps then go to a journal: printed as progress
 * lines, and kept so that each lab's report can carry the setup's steps and
 * timings.
 */
export interface JournalEntry {
  name: string;
  durationMs: number;
  outcome: "passed" | "failed";
  depth: number;
  attachments: { name: string; content: string }[];
}

interface Journal {
  entries: JournalEntry[];
  print: (line: string) => void;
  open: JournalEntry[];
}

let journal: Journal | undefined;

/** Routes steps and attachments to a journal instead of Allure, until `stopJournal`. */
export function startJournal(print: (line: string) => void): void {
  journal = { entries: [], print, open: [] };
}

export function stopJournal(): JournalEntry[] {
  const entries = journal?.entries ?? [];
  journal = undefined;
  return entries;
}

/** For attach.ts: where an attachment goes when no test is running. */
export function journalAttachment(name: string, content: string): boolean {
  if (!journal) return false;
  const current = journal.open.at(-1);
  if (current) current.attachments.push({ name, content: redact(content) });
  return true;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function journalStep<T>(
  j: Journal,
  name: string,
  body: (handle: StepHandle) => Promise<T>,
): Promise<T> {
  const entry: JournalEntry = {
    name,
    durationMs: 0,
    outcome: "passed",
    depth: j.open.length,
    attachments: [],
  };
  j.entries.push(entry);
  j.open.push(entry);
  const indent = "  ".repeat(entry.depth);
  j.print(`${indent}… ${name}`);
  const started = performance.now();
  try {
    const result = await body({
      rename: async (newName) => {
        entry.name = newName;
      },
      parameter: async () => {},
    });
    entry.durationMs = performance.now() - started;
    j.print(`${indent}✓ ${entry.name} (${seconds(entry.durationMs)})`);
    return result;
  } catch (error) {
    entry.durationMs = performance.now() - started;
    entry.outcome = "failed";
    j.print(`${indent}✗ ${entry.name} (${seconds(entry.durationMs)})`);
    throw error;
  } finally {
    j.open.pop();
  }
}

/**
 * Runs `body` as a report step named after what it does. Every helper action
 * goes through here so the report reads as the lab: one step per action, with
 * its transcript attached inside it.
 */
export async function step<T>(name: string, body: (handle: StepHandle) => Promise<T>): Promise<T> {
  if (journal) return journalStep(journal, name, body);
  return allure.step(redact(name), (context) =>
    body({
      rename: (newName) => Promise.resolve(context.displayName(redact(newName))),
      parameter: (key, value) => Promise.resolve(context.parameter(key, redact(value))),
    }),
  );
}
