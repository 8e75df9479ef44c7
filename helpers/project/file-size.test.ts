import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "./paths";

// A file this long holds more than one concept; split it so each file can be read at once.
const MAX_LINES = 300;
const ROOTS = ["helpers", "suites", "kit", "fixtures"];

/** Lines as `wc -l` counts them, plus a last line without its newline. */
function lineCount(text: string): number {
  const newlines = text.split("\n").length - 1;
  return text === "" || text.endsWith("\n") ? newlines : newlines + 1;
}

/** Every *.ts file under `roots` (relative to `base`), tests included; installed packages are not ours. */
async function typeScriptFiles(base: string, roots: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const root of roots) {
    const entries = await readdir(path.join(base, root), { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      const file = path.relative(base, path.join(entry.parentPath, entry.name));
      if (entry.isFile() && file.endsWith(".ts") && !file.split(path.sep).includes("node_modules"))
        files.push(file.split(path.sep).join("/"));
    }
  }
  return files.sort();
}

/** One line per file of MAX_LINES lines or more: its length, and what to do about it. */
async function tooLongFiles(base: string, roots: readonly string[]): Promise<string[]> {
  const lines: string[] = [];
  for (const file of await typeScriptFiles(base, roots)) {
    const count = lineCount(await readFile(path.join(base, file), "utf8"));
    if (count >= MAX_LINES)
      lines.push(`${file}: ${count} lines, ${MAX_LINES} or more: split it along a concept, one per file`);
  }
  return lines;
}

describe("the project's TypeScript files", () => {
  it(`are each under ${MAX_LINES} lines`, async () => {
    expect(await tooLongFiles(PROJECT_ROOT, ROOTS)).toEqual([]);
  });

  it(`name every file of ${MAX_LINES} lines or more, tests included, and nothing installed`, async () => {
    const base = await mkdtemp(path.join(tmpdir(), "file-size-"));
    try {
      const write = async (file: string, lines: number, end = "\n") => {
        await mkdir(path.dirname(path.join(base, file)), { recursive: true });
        await writeFile(path.join(base, file), `${Array(lines).fill("x").join("\n")}${end}`);
      };
      await write("helpers/short.ts", MAX_LINES - 1);
      await write("helpers/deep/long.test.ts", MAX_LINES);
      await write("kit/unterminated.ts", MAX_LINES, "");
      await write("kit/notes.md", MAX_LINES + 1);
      await write("helpers/sample/node_modules/dep/index.ts", MAX_LINES + 1);
      expect(await tooLongFiles(base, ["helpers", "kit"])).toEqual([
        `helpers/deep/long.test.ts: ${MAX_LINES} lines, ${MAX_LINES} or more: split it along a concept, one per file`,
        `kit/unterminated.ts: ${MAX_LINES} lines, ${MAX_LINES} or more: split it along a concept, one per file`,
      ]);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});
