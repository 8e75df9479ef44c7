/**
 * npm run kit: builds every image a lab run starts, from Go modules and
 * Debian's packages, tagged with the names the suite and manifests use, and
 * saves the cluster's images into the air-gap folder. Cached: an unchanged
 * image is skipped; a changed pin rebuilds only what it reaches.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { kitImagesFile } from "../../helpers/preflight/kit-images-check.ts";
import { kitCacheDir } from "../../helpers/project/paths.ts";
import { KIT_NODE_IMAGE } from "../../helpers/project/versions.ts";
import { dockerAnswers } from "../src/docker-engine.ts";
import { type BuiltProgram, buildProgram, planProgram } from "../src/go-build.ts";
import { goPrograms } from "../src/go-programs.ts";
import { saveArchives } from "../src/image-archives.ts";
import { buildImage, existingImageKey, imageKey } from "../src/image-build.ts";
import { kitRecipes } from "../src/image-list.ts";
import { loadKitInputs } from "../src/kit-inputs.ts";
import { formatElapsed, Progress } from "../src/progress.ts";
import { onPath } from "../src/run.ts";

function stop(paragraph: string): never {
  console.error(`\n${paragraph}`);
  process.exit(1);
}

async function preflight(): Promise<void> {
  if (!(await dockerAnswers())) {
    stop(
      "npm run kit needs a Docker engine, and none answers. Run npm run docker:start (it starts one where Docker is installed but not running), then npm run kit again.",
    );
  }
  const missing = [];
  for (const tool of ["go", "mmdebstrap"]) {
    if (!(await onPath(tool))) missing.push(tool);
  }
  if (missing.length > 0) {
    stop(
      `npm run kit needs ${missing.join(" and ")} on PATH: Go builds the programs from the module proxy, mmdebstrap makes the root filesystems from Debian's packages. ` +
        "On Debian: apt-get install mmdebstrap; Go from go.dev or your distribution. Then run npm run kit again.",
    );
  }
}

async function main(): Promise<void> {
  const progress = new Progress();
  await preflight();
  const cacheDir = kitCacheDir();
  const workDir = path.join(cacheDir, "work");
  await mkdir(workDir, { recursive: true });
  progress.line("kit", `reading the pins and the pinned manifests (cache ${cacheDir})`);
  const inputs = await loadKitInputs();
  const recipes = kitRecipes(inputs);
  const plans = new Map(
    await Promise.all(goPrograms(inputs).map(async (p) => [p.id, await planProgram(p, cacheDir)] as const)),
  );

  const timings: string[] = [];
  const built = new Map<string, BuiltProgram>();
  const keys = new Map<string, string>();
  for (const recipe of recipes) {
    const started = performance.now();
    const say = progress.for(recipe.component);
    const programIds = recipe.files.flatMap((f) => (f.kind === "program" ? [f.program] : []));
    const programKeys = new Map(
      programIds.map((id) => {
        const plan = plans.get(id);
        if (!plan) throw new Error(`no Go program ${id} for ${recipe.name}`);
        return [id, { id, file: plan.file, key: plan.key, built: false, seconds: 0 }] as const;
      }),
    );
    const key = await imageKey(recipe, programKeys);
    keys.set(recipe.name, key);
    if ((await existingImageKey(recipe.name)) === key) {
      say(`${recipe.name} is up to date (key ${key})`);
      timings.push(`${recipe.name}: up to date`);
      continue;
    }
    for (const id of programIds) {
      const plan = plans.get(id);
      if (!plan) continue;
      const program =
        built.get(id) ?? (await buildProgram(plan, cacheDir, progress.for(`${recipe.component} · ${id}`)));
      built.set(id, program);
      if (program.built) say(`built ${id} in ${formatElapsed(program.seconds * 1000)}`);
    }
    await buildImage(recipe, key, built, workDir, say);
    const took = formatElapsed(performance.now() - started);
    say(`${recipe.name} built in ${took}`);
    timings.push(`${recipe.name}: built in ${took}`);
  }

  // The cluster's images, for the node's air-gap folder (not the node itself, nor what only the host runs).
  const clusterImages = recipes
    .filter(
      (r) => ![KIT_NODE_IMAGE, inputs.appBaseImage].includes(r.name) && !r.name.startsWith("testcontainers/"),
    )
    .map((r) => ({ name: r.name, key: keys.get(r.name) ?? "" }));
  await writeFile(
    kitImagesFile(),
    `${JSON.stringify(
      recipes.map((r) => ({ name: r.name, key: keys.get(r.name) ?? "", component: r.component })),
      null,
      2,
    )}\n`,
  );
  const archives = await saveArchives(
    path.join(cacheDir, "images"),
    clusterImages,
    progress.for("air-gap folder"),
  );
  console.log(`\nThe kit's images (${formatElapsed(progress.elapsedMs())} in all):`);
  for (const line of timings) console.log(`  ${line}`);
  console.log(
    `Air-gap folder: ${path.dirname(archives[0] ?? path.join(cacheDir, "images", "x"))} (${archives.length} archives)`,
  );
}

await main().catch((error: unknown) => {
  stop(`npm run kit failed: ${error instanceof Error ? error.message : String(error)}`);
});
