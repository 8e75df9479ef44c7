/**
 * What a program the kit builds says of its own version. Upstream's Makefiles take the commit, the tag
 * and the build date from git and the clock; the kit has neither git nor a reason to use the clock, so
 * it takes them from what the module proxy says of the version (its .info and the module's sum).
 */
import { readFile } from "node:fs/promises";
import { downloadModule } from "./go-build.ts";

/** What the module proxy says of one module version. */
export interface ModuleOrigin {
  module: string;
  version: string;
  /** The .info's Time, UTC to the second: the build date, so that rebuilding changes no byte. */
  time: string;
  /** The git commit the .info names (Origin.Hash); the proxy keeps it for some versions only. */
  commit?: string;
  /** The module's h1: sum (go.sum's), which the checksum database vouches for. */
  sum: string;
}

/** A ModuleOrigin from the text of a module's .info file and its h1: sum. */
export function parseModuleOrigin(
  module: string,
  version: string,
  infoJson: string,
  sum: string,
): ModuleOrigin {
  const info = JSON.parse(infoJson) as { Version?: string; Time?: string; Origin?: { Hash?: string } };
  const where = `${module}@${version}'s .info`;
  if (info.Version !== version) throw new Error(`${where} names version ${info.Version}`);
  const time = new Date(info.Time ?? "");
  if (Number.isNaN(time.getTime())) throw new Error(`${where} has no usable Time (${info.Time})`);
  const commit = info.Origin?.Hash;
  // SHA-1 or SHA-256 object names: anything else is not a commit to print as one.
  if (commit !== undefined && !/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(commit)) {
    throw new Error(`${where} names Origin.Hash ${commit}, not a git commit`);
  }
  if (!/^h1:[A-Za-z0-9+/]{43}=$/.test(sum)) throw new Error(`${module}@${version} has no h1: sum (${sum})`);
  return {
    module,
    version,
    // Argo's version packages print the date as `date -u +%Y-%m-%dT%H:%M:%SZ` writes it.
    time: time.toISOString().replace(/\.\d{3}Z$/, "Z"),
    ...(commit ? { commit } : {}),
    sum,
  };
}

/** `go mod download -json`'s sum and .info for a module version. */
export async function moduleOrigin(module: string, version: string): Promise<ModuleOrigin> {
  const downloaded = await downloadModule(module, version);
  if (!downloaded.Info) throw new Error(`go mod download gave no .info file for ${module}@${version}`);
  return parseModuleOrigin(module, version, await readFile(downloaded.Info, "utf8"), downloaded.Sum ?? "");
}

/**
 * `-X package.name=value`, as one field of go build's -ldflags: go splits that string on spaces, a
 * field that starts with a quote running to the same quote (no escapes). So a value with spaces is
 * quoted with a quote it does not hold; one holding both quotes, or a line break, cannot pass.
 */
export function linkerSet(pkg: string, name: string, value: string): string {
  const field = `${pkg}.${name}=${value}`;
  if (!/\s/.test(value)) return `-X ${field}`;
  const quote = value.includes("'") ? '"' : "'";
  if (value.includes(quote) || /[\n\r]/.test(value)) {
    throw new Error(`cannot pass ${pkg}.${name} through go build's -ldflags: ${JSON.stringify(value)}`);
  }
  return `-X ${quote}${field}${quote}`;
}

/** What GitCommit holds: the commit when the proxy names one, else the module's sum, which is at least true. */
export function sourceId(origin: ModuleOrigin): string {
  return origin.commit ?? origin.sum;
}

/** Argo CD's ExtraBuildInfo: whose build this is, from what, and what GitCommit holds. */
export function kitBuildInfo(origin: ModuleOrigin): string {
  const commit = origin.commit
    ? "GitCommit is the commit the proxy's .info names"
    : "GitCommit is the module's h1: sum, as the proxy names no commit";
  return `gitops-conformance offline kit build of ${origin.module}@${origin.version} from the Go module proxy; ${commit}`;
}

/**
 * The link flags of Argo's version packages (Argo CD's common, Argo Rollouts' utils/version): they
 * print the tag alone only with a commit, the tag and a clean tree all set, and "+unknown" otherwise.
 * The tree is the tagged module's, unchanged; extraBuildInfo exists in Argo CD's package only.
 */
export function argoVersionFlags(pkg: string, origin: ModuleOrigin, withExtraBuildInfo: boolean): string[] {
  if (!pkg.startsWith(`${origin.module}/`)) throw new Error(`${pkg} is not a package of ${origin.module}`);
  return [
    linkerSet(pkg, "version", origin.version.replace(/^v/, "")),
    linkerSet(pkg, "buildDate", origin.time),
    linkerSet(pkg, "gitCommit", sourceId(origin)),
    linkerSet(pkg, "gitTag", origin.version),
    linkerSet(pkg, "gitTreeState", "clean"),
    ...(withExtraBuildInfo ? [linkerSet(pkg, "extraBuildInfo", kitBuildInfo(origin))] : []),
  ];
}
