/**
 * A vitest setup file (registered by redaction-reporter.ts): when a test fails, its
 * serialized errors are redacted in the worker, which knows the secrets the lab
 * registered (tokens, per-lab passwords), before vitest sends them to the reporters.
 * It catches what no error class redacts: an assertion's actual and expected values,
 * a library's error, a cause, an error built before its secret was registered.
 */
import { beforeEach } from "vitest";
import { redactValue } from "./redaction";

beforeEach(({ onTestFailed }) => {
  // Registered first, so it runs last of the failure hooks, after any that add an error.
  onTestFailed(({ task }) => {
    if (task.result?.errors) task.result.errors = redactValue(task.result.errors);
  });
});
