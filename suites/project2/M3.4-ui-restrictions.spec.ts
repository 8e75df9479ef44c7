import { COURSE_DENY_SWITCH, courseReadOnlyUser } from "../../helpers/lab/argocd-read-only-user";
import { GradeApiApp } from "../../helpers/lab/grade-api-app";
import { actionSkipped } from "../../helpers/lab/lab-control";
import { labSpec } from "../../helpers/lab/lab-spec";

labSpec(
  "M3.4",
  "logged in as the read-only user, Argo CD's API (what its UI calls) shows the app, its resource tree and its pod logs, and refuses sync, delete and edit",
  async (lab) => {
    const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune" });
    const readOnly = await courseReadOnlyUser(lab);
    await lab.waitUntil(readOnly.canI("applications", "get", `default/${app.name}`, true), "rbacPropagation");

    const viewed = await readOnly.tryViewing(app.name, app.namespace);
    const changed = await lab.act(
      "the read-only user's sync, delete and edit",
      () =>
        readOnly.tryChanging(app.name, viewed.app.value, "the read-only user cannot sync, delete or edit"),
      () => readOnly.notAttemptedChanges(app.name),
    );

    await lab.waitUntil(readOnly.sawAppTreeAndLogs(viewed));
    await lab.waitUntil(readOnly.everyChangeRefused(changed));
    await lab.waitUntil(app.syncedAt(app.seedSha));
  },
  {
    relies: [
      "argocd.local-accounts",
      "argocd.rbac",
      "argocd.builtin-role-inheritance",
      "argocd.settings-informer",
      "argocd.resource-tree",
      "argocd.pod-logs-api",
      "argocd.ui-screens",
    ],
    controls: [
      actionSkipped("refuse"),
      {
        switchedOff: "the course's deny line",
        change: { kind: "switch", id: COURSE_DENY_SWITCH },
        caughtAt: "refuse",
      },
    ],
    differsFromCourse:
      "The course demonstrates the restrictions by clicking through the UI. The spec makes the calls the UI makes, as the read-only user, through Argo CD's API (the app, its resource tree, a pod's logs; Sync, a cascading Delete, saving the spec) and judges them there. What only the UI can show is a part of its own, M3.4 in the UI: it logs in to the UI in headless Chromium and attaches screenshots of the app and of the refused sync; where Argo CD serves no UI (the offline kit's) or no browser is here, that part is reported not verified, never passed. The read-only policy is the course's on a role of its own (see M3.3), inside the suite's serial lane for Argo CD's global configuration, restored when the lab closes.",
    timeoutMs: 25 * 60_000,
    ui: {
      claim: "logged in as the read-only user, the UI shows the app with its resource tree and refuses Sync",
      body: async (lab) => {
        const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune" });
        const readOnly = await courseReadOnlyUser(lab);
        await lab.waitUntil(
          readOnly.canI("applications", "get", `default/${app.name}`, true),
          "rbacPropagation",
        );
        const pod = await app.podInTree({ health: "Healthy" });
        await app.ui.asReadOnly(readOnly, pod);
      },
    },
  },
);
