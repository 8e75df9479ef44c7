import { ARGOCD_NAMESPACE } from "../argocd/application-spec";
import type { ResourceNode } from "../argocd/application-types";
import {
  diagnosisScenario,
  inArgoCdUi,
  readOnlyScenario,
  type ScreenshotResult,
  type UiUser,
} from "../ui/argocd-screenshots";
import { WORKLOAD_NAME } from "./grade-api-layout";
import type { LabContext } from "./lab-context";

/** The line the app logs when it starts (fixtures/app/grade-submission-api/app.js). */
const STARTED_LOG = "listening on";

/** The app as Argo CD's web UI shows it: what a lab's UI part looks at, with screenshots. */
export class AppInUi {
  constructor(
    private readonly lab: LabContext,
    private readonly appName: string,
  ) {}

  /** M3.4: the app's state and a pod's logs are shown; Sync, Delete and Edit are refused. */
  asReadOnly(user: { account: string; password: string }, pod: ResourceNode): Promise<ScreenshotResult> {
    return this.session(
      { username: user.account, password: user.password },
      "the app's state and logs, and Sync, Delete and Edit refused",
      readOnlyScenario({ ...this.shots(pod), logLine: STARTED_LOG }),
    );
  }

  /** T05: the app Degraded, the crashing pod's image and its log with the crash. */
  diagnosis(pod: ResourceNode, image: string, crash: string): Promise<ScreenshotResult> {
    const { adminUsername, adminPassword } = this.lab.cluster.argoCd;
    return this.session(
      { username: adminUsername, password: adminPassword },
      "the Degraded app, the crashing pod's image and its log",
      diagnosisScenario({ ...this.shots(pod), image, crash }),
    );
  }

  private shots(pod: ResourceNode) {
    return {
      appNamespace: ARGOCD_NAMESPACE,
      appName: this.appName,
      workload: WORKLOAD_NAME,
      pod: pod.name ?? "",
      podNamespace: pod.namespace ?? this.lab.namespace,
    };
  }

  private session(user: UiUser, what: string, scenario: Parameters<typeof inArgoCdUi>[3]) {
    return inArgoCdUi(this.lab.cluster.argoCd.url, user, what, scenario);
  }
}
