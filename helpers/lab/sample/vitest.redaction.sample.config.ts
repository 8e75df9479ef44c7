// The redaction self-test's run (helpers/report/redaction-artifacts.test.ts): the suite's own
// reporters, from vitest.config.ts, with every file they write moved under REDACTION_SAMPLE_OUT.
import path from "node:path";
import { defineConfig } from "vitest/config";
import suiteConfig from "../../../vitest.config.ts";

const REPO = path.resolve(import.meta.dirname, "../../..");
const out = process.env.REDACTION_SAMPLE_OUT ?? "";
if (!out) throw new Error("REDACTION_SAMPLE_OUT must name the folder the sample run writes to");

type ReporterEntry = string | [string, Record<string, unknown>];

/** A reporter of the suite, its module found from the repository and its output file moved under `out`. */
function relocated(entry: ReporterEntry): ReporterEntry {
  const [name, options] = typeof entry === "string" ? [entry, undefined] : entry;
  const module = name.startsWith(".") ? path.resolve(REPO, name) : name;
  if (!options) return module;
  const outputFile = options.outputFile;
  return [
    module,
    typeof outputFile === "string" ? { ...options, outputFile: path.join(out, outputFile) } : options,
  ];
}

export default defineConfig({
  cacheDir: path.join(out, "vite-cache"),
  test: {
    // Named as the labs' project: the suite's Allure reporter writes the labs' results only.
    name: "labs",
    root: import.meta.dirname,
    include: ["redaction-errors.sample.ts"],
    globalSetup: ["redaction-global-setup.ts"],
    // ALLURE_RESULTS_DIR, set by the self-test, already moved the Allure results.
    reporters: ((suiteConfig.test?.reporters ?? []) as ReporterEntry[]).map(relocated),
  },
});
