/**
 * npm run labs:list: every lab ID with its title, its spec file and the
 * upstream behaviours it relies on (keys of docs/upstream-behaviour.md).
 */
import { LABS } from "../catalog/lab-catalog";
import { listLabSpecs } from "../lab/list-specs";

const records = await listLabSpecs();
const lines: string[] = [];
for (const lab of LABS) {
  const specs = records.filter((r) => r.id === lab.id);
  lines.push(`${lab.id.padEnd(5)} ${lab.title}`);
  if (specs.length === 0) lines.push("      (no spec yet)");
  for (const spec of specs) {
    lines.push(`      spec:    ${spec.file}`);
    lines.push(`      proves:  ${spec.name}`);
    lines.push(`      relies:  ${spec.relies.join(", ")}`);
    if (spec.differsFromCourse) lines.push(`      differs: ${spec.differsFromCourse}`);
    if (spec.uiClaim)
      lines.push(
        `      UI part: ${spec.uiClaim} (verified only where Argo CD serves its web UI and Chromium is here; elsewhere reported not verified)`,
      );
  }
}
process.stdout.write(`${lines.join("\n")}\n\nRun one or more: LAB=T01,M1.3 npm test\n`);
