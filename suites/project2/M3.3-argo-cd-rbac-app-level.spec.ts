import { COURSE_DENY_SWITCH, courseReadOnlyUser } from "../../helpers/lab/argocd-read-only-user";
import { argoCdAdmin } from "../../helpers/lab/argocd-user";
import { GradeApiApp } from "../../helpers/lab/grade-api-app";
import { actionSkipped } from "../../helpers/lab/lab-control";
import { labSpec } from "../../helpers/lab/lab-spec";

labSpec(
  "M3.3",
  "with the course's read-only policy in argocd-rbac-cm and a local account mapped to it, Argo CD's API lets that account get the app but refuses its sync with permission denied, while admin may still sync",
  async (lab) => {
    const app = await GradeApiApp.deploy(lab, { sync: "auto-self-heal-prune" });
    const object = `default/${app.name}`;

    const readOnly = await courseReadOnlyUser(lab);

    await lab.waitUntil(readOnly.canI("applications", "get", object, true), "rbacPropagation");
    await lab.waitUntil(readOnly.canI("applications", "sync", object, false));
    const sync = await lab.act(
      "the read-only account's sync",
      () =>
        readOnly.attemptRefused(`sync of ${app.name}`, "role:readonly's sync is denied", (api) =>
          api.syncApplication(app.name),
        ),
      () => readOnly.notAttempted(`sync of ${app.name}`),
    );
    await lab.waitUntil(readOnly.refused(sync, `applications, sync, ${object}`));
    const get = await readOnly.attempt(`get of ${app.name}`, (api) => api.getApplication(app.name));
    await lab.waitUntil(readOnly.answered(get));
    await lab.waitUntil(argoCdAdmin(lab).canI("applications", "sync", object, true));
  },
  {
    relies: [
      "argocd.local-accounts",
      "argocd.rbac",
      "argocd.builtin-role-inheritance",
      "argocd.settings-informer",
      "argocd.api-session",
    ],
    controls: [
      actionSkipped("refuse"),
      {
        switchedOff: "the course's deny line",
        change: { kind: "switch", id: COURSE_DENY_SWITCH },
        caughtAt: "sync",
      },
    ],
    differsFromCourse:
      "Written as the course has it (`p, role:readonly, applications, sync, *, deny`), the deny would also take sync away from admin: the built-in role:admin inherits role:readonly and a deny always wins. The spec puts the course's two lines on a role of their own (role:gitops-conformance-readonly, which inherits role:readonly so logs stay viewable) and maps the account to it with `g, <account>, role:gitops-conformance-readonly` (the course's \"Map users to role\"). The account also holds role:gitops-conformance-team, which may sync (`p, role:gitops-conformance-team, applications, sync, */*, allow`): without the deny line it could sync, so the refusal proves the course's deny rather than role:readonly's lack of sync. The refusal must name the permission and the object (`permission denied: applications, sync, default/<app>`). The account is a local one (`accounts.gitops-conformance-ro-m3-3: login` in argocd-cm), its password set by admin through the account API. The lab changes Argo CD's global configuration, so it runs in the suite's serial lane for it and puts argocd-cm, argocd-rbac-cm and the account's keys in argocd-secret back as they were when it closes.",
    timeoutMs: 25 * 60_000,
  },
);
