import { describe, expect, it } from "vitest";
import { withReleaseNote } from "./app-release";

describe("withReleaseNote", () => {
  it("appends one comment line, leaving the app's code as it was", () => {
    const appJs = 'server.listen(port);\n\nprocess.on("SIGTERM", () => {});\n';
    expect(withReleaseNote("canary 1")(appJs)).toBe(`${appJs.trimEnd()}\n// release: canary 1\n`);
    expect(withReleaseNote("canary 2")(withReleaseNote("canary 1")(appJs))).toMatch(
      /\/\/ release: canary 1\n\/\/ release: canary 2\n$/,
    );
  });
});
