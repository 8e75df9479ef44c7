import { DEFAULT_PINS } from "../project/versions";
import { goModuleFile } from "./go-module-file";
import { goModuleOf } from "./pinned-manifests";

/**
 * A file of Argo CD or Argo Rollouts at the pinned version, as the Go module
 * proxy serves it (the same bytes as the repository at the tag; go checks
 * them against the checksum database). Self-tests read upstream files here,
 * so they run, never skip, on a machine without the course's shared folder.
 */
export async function pinnedUpstreamText(
  component: "argo-cd" | "argo-rollouts",
  file: string,
): Promise<string> {
  const version = component === "argo-cd" ? DEFAULT_PINS.argoCdVersion : DEFAULT_PINS.rolloutsVersion;
  return (await goModuleFile(goModuleOf(component, version), file)).toString("utf8");
}
