/**
 * A vitest setup file (registered by allure-reporter.ts): before every
 * attempt of a test, notes where its Allure messages and errors start, in the
 * task's meta, which vitest carries to the reporter.
 */
import { beforeEach } from "vitest";
import { ATTEMPTS_META_KEY, type AttemptMark } from "./attempts";

interface AttemptMeta {
  allureRuntimeMessages?: unknown[];
  [ATTEMPTS_META_KEY]?: AttemptMark[];
}

beforeEach(({ task }) => {
  const meta = task.meta as AttemptMeta;
  const marks = meta[ATTEMPTS_META_KEY] ?? [];
  marks.push({
    start: Date.now(),
    messageCount: meta.allureRuntimeMessages?.length ?? 0,
    errorCount: task.result?.errors?.length ?? 0,
    retry: task.result?.retryCount ?? 0,
    repeat: task.result?.repeatCount ?? 0,
  });
  meta[ATTEMPTS_META_KEY] = marks;
});
