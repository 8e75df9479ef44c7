import { type Expectation, expectation, pass, pending, type Verdict } from "../wait/expectation";
import type { AppRef } from "./app-ref";
import { describeApplication } from "./application-expectations";
import type { Application } from "./application-types";

/**
 * Argo CD reporting an Application's source as a Helm chart: the repo server detected a
 * Chart.yaml at `source.path` and wrote `status.sourceType: Helm` with the status of the
 * reconcile that rendered it (types.go ApplicationStatus.SourceType; docs/user-guide/helm.md).
 */
export interface HelmSourceSpec {
  path: string;
  valueFiles: readonly string[];
}

export function helmSourceVerdict(app: Application | undefined, want: HelmSourceSpec): Verdict {
  const source = app?.spec?.source;
  const valueFiles = source?.helm?.valueFiles ?? [];
  const state = `${describeApplication(app)} sourceType=${app?.status?.sourceType ?? "none"} path=${source?.path ?? "none"} valueFiles=[${valueFiles.join(", ")}]`;
  const specMatches =
    source?.path === want.path &&
    valueFiles.length === want.valueFiles.length &&
    valueFiles.every((f, i) => f === want.valueFiles[i]);
  return specMatches && app?.status?.sourceType === "Helm" ? pass(state) : pending(state);
}

export function helmSourceReported(app: AppRef, want: HelmSourceSpec): Expectation {
  return expectation(
    `Argo CD to report ${app.name}'s source ${want.path} (valueFiles ${want.valueFiles.join(", ")}) as Helm`,
    async () => helmSourceVerdict(await app.read(), want),
  );
}
