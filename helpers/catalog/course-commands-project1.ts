import { type CourseCommandRow, differs, ran, row } from "./course-command-row";

/**
 * Project 1's commands, manifests and UI actions (Tasks 1-11; Task 12 is a discussion "(No Commands)"),
 * each judged against its spec in suites/project1. Git commands run through simple-git (helpers/git/
 * lab-repo.ts): the git process gets the arguments named here, which are the course's or not.
 */

// How a push is run in every Git lab: LabRepo.push names remote and branch rather than relying on a
// clone's upstream setting.
const PUSH_WHY =
  "The spec runs git push --set-upstream origin main through simple-git (LabRepo.push names the remote and branch instead of relying on the clone's upstream), which pushes the same commits as the course's bare git push on main.";

export const PROJECT1_COMMANDS: readonly CourseCommandRow[] = [
  row(
    "T01",
    ["kubectl -n grade scale deployment grade-submission-api --replicas=3"],
    "50f6af8909",
    ran(
      "Human: kubectl -n <lab namespace> scale deployment grade-submission-api --replicas=3 (lab.kubectlAction with the course's line; only \"grade\" rewritten to the lab's namespace)",
    ),
  ),
  row(
    "T02",
    ["kubectl -n grade edit deployment grade-submission-api"],
    "6848eb0baa",
    ran(
      "Human: KUBE_EDITOR=\"sed -i.bak -e 's|image: grade-submission-api:.*|image: nginx:latest|'\" kubectl -n <lab namespace> edit deployment grade-submission-api (the course's kubectl line, namespace rewritten; the editor it opens is a sed script, not a person)",
    ),
  ),
  row(
    "T02",
    ["Change:", "image: nginx:latest"],
    "2822f0018f",
    ran(
      "the same Human: KUBE_EDITOR=… kubectl edit step: its sed script writes exactly image: nginx:latest into the Deployment being edited",
    ),
  ),
  row(
    "T03",
    ["kubectl -n grade delete pod -l app=grade-submission-api"],
    "44003455cd",
    ran(
      "Human: kubectl -n <lab namespace> delete pod -l app=grade-submission-api (lab.kubectlAction with the course's line; only \"grade\" rewritten to the lab's namespace)",
    ),
  ),
  row(
    "T04",
    ["In CI repo (app.js):", 'throw new Error("Production crash");'],
    "f75136e134",
    ran(
      'Git: commit "app.js: throw new Error("Production crash");" (write app.js) in the lab\'s app repo: the line as written, put just before server.listen( (helpers/lab/production-crash.ts)',
    ),
  ),
  row(
    "T04",
    ["Commit & push."],
    "a163fe3d00",
    ran(
      'Git: commit "app.js: throw new Error("Production crash");" (write app.js), then Git: push main to the app repo (the course names no command: a commit and a push of the change)',
    ),
  ),
  row(
    "T05",
    ["Inside app view:", "- Health → Degraded", "- Click Pod → Logs"],
    "26ed8861ad",
    differs(
      "Nothing is clicked in the main spec: it reads what the app view shows from Argo CD's REST API (application health, resource tree, pod logs), and its UI part (T05 in the UI) opens the app and the pod's Logs panel by URL in headless Chromium only where Argo CD serves its UI and Chromium is here, else reports it not verified.",
    ),
  ),
  row(
    "T06",
    ["git revert <bad_commit>"],
    "a4f919a073",
    differs(
      "The spec runs git revert --no-edit <SHA of the crash commit> in the app repo: the course's <bad_commit> placeholder filled in, and --no-edit because no one sits at an editor to accept the message.",
    ),
  ),
  row("T06", ["git push"], "c32f2b1a66", differs(PUSH_WHY)),
  row(
    "T07",
    ["Edit Application:", "syncPolicy: {}", "Apply change."],
    "4bc2dd75bb",
    ran(
      "Apply grade-api-app.yaml: kubectl apply of the lab's Application (its YAML on stdin) with spec.syncPolicy exactly {} (application-spec.ts, syncPolicyFor('manual')); the course names no apply command",
    ),
  ),
  row(
    "T07",
    ["Click SYNC manually."],
    "cff9039990",
    differs(
      "No browser: the spec sends what the SYNC button sends, POST /api/v1/applications/{name}/sync as admin (step Argo CD API as admin: sync application <name>), since the labs run where Argo CD may serve no UI.",
    ),
  ),
  row(
    "T08",
    ["git rm deployment.yaml"],
    "d50384e374",
    differs(
      "The spec runs git rm -- deployment.yaml through simple-git (lab-repo.ts puts -- before every path so a file name is never taken for an option or branch), which removes the same file.",
    ),
  ),
  row(
    "T08",
    ['git commit -m "remove app"'],
    "059037fd3b",
    ran(
      'Git: commit "remove app" (git rm deployment.yaml): git commit -m "remove app" with these very arguments, through simple-git',
    ),
  ),
  row("T08", ["git push"], "c32f2b1a66", differs(PUSH_WHY)),
  row(
    "T09",
    ["git checkout HEAD~1 deployment.yaml"],
    "9b624b9685",
    differs(
      "The spec runs git checkout HEAD~1 -- deployment.yaml through simple-git (lab-repo.ts puts -- before every path so a file name is never taken for a branch), which restores the same file.",
    ),
  ),
  row(
    "T09",
    ['git commit -m "restore app"'],
    "0330cb9ffc",
    ran(
      'Git: commit "restore app" (git checkout HEAD~1 deployment.yaml): git commit -m "restore app" with these very arguments, through simple-git',
    ),
  ),
  row("T09", ["git push"], "c32f2b1a66", differs(PUSH_WHY)),
  row(
    "T10",
    ["Add Service manifest."],
    "3282543cd1",
    differs(
      "The course gives no Service manifest, so the spec commits the smallest one that selects the app's pods (fixtures/gitops/additions/service.yaml: Service grade-submission-api, port 80 to 8080).",
    ),
  ),
  row(
    "T10",
    ["Commit & push."],
    "a163fe3d00",
    ran(
      'Git: commit "add Service" (write service.yaml), then Git: push main to the lab\'s GitOps repo (the course names no command: a commit and a push of the change)',
    ),
  ),
  row(
    "T11",
    ["kubectl -n grade delete svc <service-name>"],
    "73d36cecd7",
    differs(
      "The course leaves <service-name> to fill in: the spec runs kubectl -n <lab namespace> delete svc grade-submission-api, the name of the Service T10's manifest adds.",
    ),
  ),
];
