import { seconds } from "../report/seconds";
import { type CheckResult, fail, firstLine, ok, warn } from "./check-result";
import type { DockerStatus } from "./docker-connection";

export const IMAGES_CHECK = "Pinned images";

export interface ImagesInput {
  status: DockerStatus;
  /** The images Docker itself must have: the k3s image, and testcontainers' Ryuk reaper unless disabled. */
  images: readonly string[];
  /** Whether the daemon has the image locally. */
  inspect: (image: string) => Promise<boolean>;
  /** Resolves to undefined when the image's registry answers, else to why not. */
  registryProblem: (registryHost: string) => Promise<string | undefined>;
  /** Set only when DOCTOR_PULL=1: pulls the image through the daemon. */
  pull?: (image: string) => Promise<void>;
}

/** The host Docker pulls an image reference from (Docker Hub's API host for unqualified names). */
export function registryHost(image: string): string {
  const first = image.split("/")[0] ?? "";
  const qualified =
    image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  return qualified ? first : "registry-1.docker.io";
}

const list = (images: readonly string[]) => images.join(", ");

export async function checkImages(input: ImagesInput): Promise<CheckResult> {
  const { status, images } = input;
  if (!status.reachable) return warn(IMAGES_CHECK, "Not checked, because Docker is not reachable.");

  const present: string[] = [];
  const missing: string[] = [];
  for (const [i, result] of (
    await Promise.allSettled(images.map((image) => input.inspect(image)))
  ).entries()) {
    const image = images[i] ?? "";
    if (result.status === "rejected") {
      return warn(
        IMAGES_CHECK,
        `Could not ask Docker whether ${image} is present (${firstLine(result.reason)}).`,
      );
    }
    (result.value ? present : missing).push(image);
  }
  const have = present.length > 0 ? `${list(present)} present locally; ` : "";
  if (missing.length === 0) return ok(IMAGES_CHECK, `${list(present)} present locally`);

  if (input.pull) {
    const pulled: string[] = [];
    for (const image of missing) {
      try {
        await input.pull(image);
        pulled.push(image);
      } catch (error) {
        return fail(
          IMAGES_CHECK,
          `Pulling ${image} failed (${firstLine(error)}), so the lab tier cannot start k3s.`,
          `Check the Docker daemon's network, proxy and registry login, or load the image from a machine that has it (docker save ${image} | docker load), then run DOCTOR_PULL=1 npm run doctor again.`,
        );
      }
    }
    return ok(IMAGES_CHECK, `${have}pulled ${list(pulled)}`);
  }

  const hosts = [...new Set(missing.map(registryHost))];
  const problems = (
    await Promise.all(hosts.map(async (h) => [h, await input.registryProblem(h)] as const))
  ).filter((entry): entry is readonly [string, string] => entry[1] !== undefined);
  const mirrors = status.info.RegistryConfig?.Mirrors ?? [];
  const blocking = problems.filter(([host]) => !(host === "registry-1.docker.io" && mirrors.length > 0));
  if (blocking.length > 0) {
    return warn(
      IMAGES_CHECK,
      `${have}${list(missing)} not present locally, and ${blocking.map(([h, why]) => `${h} is not reachable from this machine (${why})`).join("; ")}, so pulling when the lab tier starts will probably fail.`,
      `Make the registry reachable for the Docker daemon (network or proxy), or load the image from a machine that has it (docker save | docker load), then check with DOCTOR_PULL=1 npm run doctor.`,
    );
  }
  return ok(
    IMAGES_CHECK,
    `${have}${list(missing)} not present yet: pulled when the lab tier starts (DOCTOR_PULL=1 npm run doctor pulls now)`,
  );
}

/** Any HTTP answer from https://host/v2/ (usually 401) means the registry is reachable from here. */
export async function registryProblem(host: string, timeoutMs = 4_000): Promise<string | undefined> {
  try {
    const res = await fetch(`https://${host}/v2/`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return undefined;
  } catch (error) {
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      return `no answer within ${seconds(timeoutMs)}`;
    }
    const cause =
      error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
    return cause?.message ?? cause?.code ?? firstLine(error);
  }
}
