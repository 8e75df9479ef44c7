/**
 * What the course itself says for each lab, quoted from its text (`../shared/curriculum/gitops-labs.txt`),
 * so a report can set a lab's evidence beside the course's own words. The course tier
 * (course-words.course.ts) checks every quote against the text.
 *
 * The text arrives garbled (UTF-8 read as a Greek code page); the quotes decode it to the characters
 * meant: `β` → "→", "’" or "“ ”", the tree's `βββ`/`β` → "├──", "└──", "│"; the emoji bullets are left out.
 * Headings are not quoted: the catalog's title names the lab.
 */

/** What the course says for one lab, quoted line by line from its text. */
export interface CourseWords {
  /** The lab's lines in the course, in order: its commands, manifests' key lines, what to observe, its teaching sentence. Verbatim, with the text's garbled characters decoded. */
  lines: readonly string[];
  /** The lines (a subset of `lines`, verbatim) that state what the course claims will happen or be shown: the "Observe"/"Show"/"Result" bullets, and the teaching sentence where the lab has one. */
  claim: readonly string[];
}

/** Marks a quoted line as one of the lab's claims; writing it once keeps `claim` a subset of `lines`. */
type Claimed = { claimed: string };

function c(line: string): Claimed {
  return { claimed: line };
}

function words(quoted: readonly (string | Claimed)[]): CourseWords {
  return {
    lines: quoted.map((q) => (typeof q === "string" ? q : q.claimed)),
    claim: quoted.filter((q) => typeof q !== "string").map((q) => q.claimed),
  };
}

export const COURSE_WORDS: Readonly<Record<string, CourseWords>> = {
  T01: words([
    "Action (Human tries to scale):",
    "kubectl -n grade scale deployment grade-submission-api --replicas=3",
    "Observe:",
    c("- Argo CD → App becomes OutOfSync"),
    c("- Seconds later → Argo reverts to replicas:"),
    c("1"),
    c("Kubernetes accepts human commands."),
    c("Argo rejects human authority."),
  ]),
  T02: words([
    "kubectl -n grade edit deployment grade-submission-api",
    "Change:",
    "image: nginx:latest",
    "Observe:",
    c("- Pod restarts"),
    c("- Argo detects image drift"),
    c("- Reverts back to Git image"),
    c("Emergency hotfixes without Git are temporary illusions."),
  ]),
  // The three "=" bullets after the teaching point sum up the whole drift module, not this lab.
  T03: words([
    "kubectl -n grade delete pod -l app=grade-submission-api",
    "Observe:",
    c("- Pod recreated automatically"),
    c("- Same image, same config"),
    "Teaching Point:",
    c("Kubernetes heals pods."),
    c("Argo heals configuration."),
    "- Git = authority",
    "- Humans = temporary actors",
    "- Argo = enforcer",
  ]),
  T04: words([
    "In CI repo (app.js):",
    'throw new Error("Production crash");',
    "Commit & push.",
    "Observe:",
    c("- CI builds image"),
    c("- GitOps repo updated"),
    c("- Argo deploys broken version"),
    c("- Pod enters CrashLoopBackOff"),
    c("GitOps does NOT prevent bugs."),
    c("It makes them traceable."),
  ]),
  // "Health → Degraded" sits under "Inside app view:", yet it is what the view will show.
  T05: words([
    "Inside app view:",
    c("- Health → Degraded"),
    "- Click Pod → Logs",
    "Show:",
    c("- Crash error"),
    c("- Image SHA"),
    c("Argo CD shows what is broken, not why code is bad."),
  ]),
  T06: words([
    "git revert <bad_commit>",
    "git push",
    "Observe:",
    c("- CI triggers"),
    c("- GitOps updated"),
    c("- Argo redeploys previous version"),
    c("- App recovers"),
    c("Rollback is Git history, not kubectl."),
  ]),
  // "Now:" plays Observe's part; "Git changes" is the trigger, the table a recommendation.
  T07: words([
    "Edit Application:",
    "syncPolicy: {}",
    "Apply change.",
    "Now:",
    "- Git changes",
    c("- App becomes OutOfSync"),
    c("- Deployment waits"),
    "Click SYNC manually.",
    "| Mode | Use |",
    "|---|---|",
    "| Auto-sync | Dev |",
    "| Manual | Prod |",
  ]),
  T08: words([
    "Delete deployment from GitOps repo:",
    "git rm deployment.yaml",
    'git commit -m "remove app"',
    "git push",
    "Observe:",
    c("- Argo deletes Deployment"),
    c("- Pods disappear"),
    c("If it’s not in Git, it must not exist."),
  ]),
  T09: words([
    "Restore file:",
    "git checkout HEAD~1 deployment.yaml",
    'git commit -m "restore app"',
    "git push",
    "Observe:",
    c("- Argo recreates everything"),
    c("Git is both destruction and recovery."),
  ]),
  T10: words([
    "Add Service manifest.",
    "Commit & push.",
    "Observe:",
    c("- Argo creates Service"),
    c("- No kubectl used"),
    c("Git is the only deployment interface."),
  ]),
  T11: words([
    "kubectl -n grade delete svc <service-name>",
    "Observe:",
    c("- Argo recreates it"),
    c("Argo enforces compliance automatically."),
  ]),
  // A discussion: the expected answer is its claim, and "Argo audit logs", the one topic the suite proves.
  T12: words([
    "Discuss:",
    "- Remove kubectl access",
    "- Read-only prod access",
    c("- Argo audit logs"),
    "- PR approvals",
    "“How would you safely deploy a hotfix in production?”",
    "Expected answer:",
    c("- Create PR"),
    c("- Review"),
    c("- Merge"),
    c("- Argo deploys"),
    c("“You are no longer deploying applications."),
    c("You are managing desired state.”"),
  ]),
  // No Observe: what the course has us verify is its claim.
  "M1.1": words([
    "kubectl create namespace argo-rollouts",
    "kubectl apply -n argo-rollouts \\",
    "-f https://raw.githubusercontent.com/argoproj/argo-rollouts/stable/manifests/install.yaml",
    c("Verify:"),
    c("kubectl get pods -n argo-rollouts"),
  ]),
  // No Observe: the claim is that the Deployment can be replaced by this Rollout through Git.
  "M1.2": words([
    c("In GitOps repo, replace Deployment with Rollout."),
    "apiVersion: argoproj.io/v1alpha1",
    "kind: Rollout",
    "name: grade-submission-api",
    "namespace: grade",
    "replicas: 3",
    "canary:",
    "- setWeight: 20",
    "- pause: { duration: 30 }",
    "- setWeight: 50",
    "- pause: {}",
    "image: ghcr.io/jumptotechschooldevops/k8s-ci-build:PLACEHOLDER",
    "Commit & push.",
  ]),
  // The four unheaded bullets are this lab's teaching points: promotion and rollback are what it exercises.
  "M1.3": words([
    "Show:",
    c("- Rollout object in tree"),
    c("- ReplicaSets"),
    c("- Pause state"),
    "Use CLI:",
    "kubectl argo rollouts get rollout grade-submission-api -n grade",
    "Resume:",
    "kubectl argo rollouts promote grade-submission-api -n grade",
    c("- Canary != Deployment"),
    c("- Rollouts are Git-driven"),
    c("- Promotion is controlled, not automatic"),
    c("- Rollbacks are instant"),
    "Interview takeaway:",
    c("“We use Argo CD for GitOps and Argo Rollouts for progressive delivery.”"),
  ]),
  // The text lost the tree's indentation; its last line is under templates/.
  "M2.1": words([
    "Restructure GitOps repo:",
    "grade-api-gitops/",
    "├── chart/",
    "│ ├── Chart.yaml",
    "│ ├── values.yaml",
    "│ └── templates/",
    "│ └── rollout.yaml",
    c("Put Rollout YAML into templates/."),
  ]),
  // No Observe: the claim is the Helm source the Application names.
  "M2.2": words([
    "spec:",
    "source:",
    "repoURL: https://github.com/jumptotechschooldevops/grade-api-gitops",
    "targetRevision: main",
    c("path: chart"),
    c("helm:"),
    c("valueFiles:"),
    c("- values.yaml"),
    "Apply:",
    "kubectl apply -f grade-api-app.yaml",
  ]),
  // The "Why …" bullets are topics to explain, not things to observe.
  "M2.3": words([
    "Change image tag via CI → GitOps values.yaml.",
    "Observe:",
    c("- Helm renders new YAML"),
    c("- Argo detects diff"),
    c("- Argo applies change"),
    "- Why Helm is still used",
    "- Why kubectl helm upgrade is dangerous",
    "- Why Argo + Helm is the industry standard",
    "Interview sentence:",
    c("“Helm handles templating, Argo CD handles reconciliation.”"),
  ]),
  // No Observe: the claim is what the Role grants and to whom it is bound.
  "M3.1": words([
    "apiVersion: rbac.authorization.k8s.io/v1",
    "kind: Role",
    "name: read-only",
    "namespace: grade",
    '- apiGroups: ["", "apps"]',
    c('resources: ["pods", "deployments", "services"]'),
    c('verbs: ["get", "list", "watch"]'),
    "Bind it:",
    "kind: RoleBinding",
    c("- kind: User"),
    c("name: dev-user"),
    "roleRef:",
    "kind: Role",
    "name: read-only",
  ]),
  "M3.2": words([
    "kubectl -n grade scale deployment grade-submission-api --replicas=5",
    "Result:",
    c("Error: forbidden"),
    "Explain:",
    c("Even if Argo didn’t exist, humans are locked out."),
  ]),
  // No Observe: the policy lines state what the role may and may not do.
  "M3.3": words([
    "Edit argocd-rbac-cm:",
    "policy.csv: |",
    c("p, role:readonly, applications, get, *, allow"),
    c("p, role:readonly, applications, sync, *, deny"),
    "Map users to role.",
  ]),
  // The three unheaded bullets sum up the RBAC module (kubectl removal is M3.2's, approvals T12's).
  // The sentence's second `β` reads as a dash, not an arrow.
  "M3.4": words([
    "Log in as:",
    "- Read-only user",
    "Show:",
    c("- Cannot Sync"),
    c("- Cannot Delete"),
    c("- Cannot Edit"),
    "But:",
    c("- Can view state"),
    c("- Can view logs"),
    "- Prod safety is designed, not hoped",
    "- kubectl access is removed",
    "- Git approvals replace manual changes",
    "Interview sentence:",
    c("“In production, engineers don’t deploy — Argo does.”"),
  ]),
};

export function courseWordsOf(labId: string): CourseWords {
  const found = Object.hasOwn(COURSE_WORDS, labId) ? COURSE_WORDS[labId] : undefined;
  if (!found)
    throw new Error(`No course words for lab "${labId}": not a lab ID of lab-catalog.ts (T01…M3.4)`);
  return found;
}
