import { AsyncLocalStorage } from "node:async_hooks";
import * as allure from "allure-js-commons";
import { redact } from "./redaction";
import { seconds } from "./seconds";

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

interface JournalNode {
  entry: JournalEntry;
  children: JournalNode[];
}

interface Journal {
  roots: JournalNode[];
  print: (line: string) => void;
}

let journal: Journal | undefined;

// The setup runs steps concurrently (Argo CD and Rollouts install side by side, the seed image
// builds during the connectivity probe): a shared stack of open steps would nest one under the
// other and hand one's attachments to the other. Each async flow knows its own open step instead.
const openStep = new AsyncLocalStorage<{ journal: Journal; node: JournalNode }>();

/** Routes steps and attachments to a journal instead of Allure, until `stopJournal`. */
export function startJournal(print: (line: string) => void): void {
  journal = { roots: [], print };
}

/** The journal's steps, each followed by its own sub-steps (depth-first), whatever ran concurrently. */
export function stopJournal(): JournalEntry[] {
  const entries: JournalEntry[] = [];
  const visit = (nodes: JournalNode[]) => {
    for (const node of nodes) {
      entries.push(node.entry);
      visit(node.children);
    }
  };
  visit(journal?.roots ?? []);
  journal = undefined;
  return entries;
}

/** For attach.ts: where an attachment goes when no test is running. */
export function journalAttachment(name: string, content: string): boolean {
  if (!journal) return false;
  const current = openStep.getStore();
  if (current?.journal === journal) current.node.entry.attachments.push({ name, content: redact(content) });
  return true;
}

async function journalStep<T>(
  j: Journal,
  name: string,
  body: (handle: StepHandle) => Promise<T>,
): Promise<T> {
  const parent = openStep.getStore();
  const siblings = parent?.journal === j ? parent.node.children : j.roots;
  const entry: JournalEntry = {
    name,
    durationMs: 0,
    outcome: "passed",
    depth: parent?.journal === j ? parent.node.entry.depth + 1 : 0,
    attachments: [],
  };
  const node: JournalNode = { entry, children: [] };
  siblings.push(node);
  const indent = "  ".repeat(entry.depth);
  j.print(`${indent}… ${name}`);
  const started = performance.now();
  try {
    const result = await openStep.run({ journal: j, node }, () =>
      body({
        rename: async (newName) => {
          entry.name = newName;
        },
        parameter: async () => {},
      }),
    );
    entry.durationMs = performance.now() - started;
    j.print(`${indent}✓ ${entry.name} (${seconds(entry.durationMs)})`);
    return result;
  } catch (error) {
    entry.durationMs = performance.now() - started;
    entry.outcome = "failed";
    j.print(`${indent}✗ ${entry.name} (${seconds(entry.durationMs)})`);
    throw error;
  }
}

// allure-vitest keeps one stack of open steps per test: steps opened by concurrent flows (a
// background probe, the parts of allOf checked at once) would nest under each other and take
// each other's renames. Observations made while waiting are therefore quiet: the wait's own
// step reports what it saw.
const quiet = new AsyncLocalStorage<true>();

/** Runs `body` with no report steps or attachments: for background probes and a wait's checks. */
export function quietly<T>(body: () => Promise<T>): Promise<T> {
  return quiet.run(true, body);
}

export const isQuiet = () => quiet.getStore() === true;

export interface StepOptions {
  /**
   * Recognises a refusal the course promises (expected-refusal.ts) and says it in words:
   * the step is then passed, renamed with that sentence, and the error still reaches the caller.
   */
  expectedRefusal?: (error: unknown) => string | undefined;
}

const silentHandle: StepHandle = { rename: async () => {}, parameter: async () => {} };

/**
 * Runs `body` as a report step named after what it does. Every helper action
 * goes through here so the report reads as the lab: one step per action, with
 * its transcript attached inside it.
 */
export async function step<T>(
  name: string,
  body: (handle: StepHandle) => Promise<T>,
  options: StepOptions = {},
): Promise<T> {
  if (isQuiet()) return body(silentHandle);
  if (journal) return journalStep(journal, name, body);
  let refused: { error: unknown } | undefined;
  const value = await allure.step(redact(name), async (context) => {
    const handle: StepHandle = {
      rename: (newName) => Promise.resolve(context.displayName(redact(newName))),
      parameter: (key, value) => Promise.resolve(context.parameter(key, redact(value))),
    };
    try {
      return await body(handle);
    } catch (error) {
      const sentence = options.expectedRefusal?.(error);
      if (sentence === undefined) throw error;
      // Ends the step as passed; the caller still gets the refusal, to judge it by name.
      await handle.rename(`${name}: ${sentence}`);
      refused = { error };
      return undefined as T;
    }
  });
  if (refused) throw refused.error;
  return value;
}
