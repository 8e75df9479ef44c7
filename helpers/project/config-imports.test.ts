import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "./paths";

/**
 * Vite warns on every run when the config's own imports leave out the file extension
 * (unsupported by its coming native config loader). The config's whole relative import graph
 * must therefore name its files in full.
 */
function importsWithoutExtension(entry: string): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const todo = [entry];
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, "utf8").matchAll(/(?:from|import)\s+"(\.{1,2}\/[^"]+)"/g)) {
      const specifier = match[1] ?? "";
      const target = path.resolve(path.dirname(file), specifier);
      if (specifier.endsWith(".ts")) todo.push(target);
      else if (existsSync(`${target}.ts`)) {
        found.push(`${path.relative(PROJECT_ROOT, file)}: "${specifier}"`);
        todo.push(`${target}.ts`);
      }
    }
  }
  return found;
}

describe("vitest.config.ts", () => {
  it("imports every file of its own by its full name", () => {
    expect(importsWithoutExtension(path.join(PROJECT_ROOT, "vitest.config.ts"))).toEqual([]);
  });
});
