import { type CourseCommandRow, differs, ran, row } from "./course-command-row";

/**
 * Project 2's commands, manifests and UI actions (Modules 1-3), each judged against its spec in
 * suites/project2. Manifests name the fixture used in their place, which the self-test compares.
 */

const PLUGIN_ABSENT = "The kubectl argo rollouts plugin is not installed (not in the cluster's image), so";

export const PROJECT2_COMMANDS: readonly CourseCommandRow[] = [
  row(
    "M1.1",
    ["kubectl create namespace argo-rollouts"],
    "fc48ddf91d",
    ran(
      'global setup, not the M1.1 spec: step "kubectl create namespace argo-rollouts" of "Install Argo Rollouts v1.9.1 into namespace argo-rollouts" (helpers/cluster/install-components.ts), once for every lab; skipped where LAB_CLUSTER=existing already has Argo Rollouts',
    ),
  ),
  row(
    "M1.1",
    [
      "kubectl apply -n argo-rollouts \\",
      "-f https://raw.githubusercontent.com/argoproj/argo-rollouts/stable/manifests/install.yaml",
    ],
    "cdce4b6db5",
    differs(
      "The run's setup applies the pinned v1.9.1 install.yaml (sha256-checked, controller image pinned and pulled IfNotPresent) server-side from a staged file, not the moving stable URL, so every run installs the same release and works offline.",
    ),
  ),
  row(
    "M1.1",
    ["kubectl get pods -n argo-rollouts"],
    "0b7647c13e",
    ran(
      "Human: kubectl get pods -n argo-rollouts (lab.kubectl with the course's line; its namespace is argo-rollouts, not grade, so nothing is rewritten)",
    ),
  ),
  row(
    "M1.2",
    ["In GitOps repo, replace Deployment with Rollout."],
    "3b319a7333",
    ran(
      'Git: commit "Convert Deployment to Rollout (canary: 20%, pause 30s, 50%, pause)" (git rm deployment.yaml; write rollout.yaml): one commit in the lab\'s GitOps repo, pushed',
    ),
  ),
  row(
    "M1.2",
    [
      "apiVersion: argoproj.io/v1alpha1",
      "kind: Rollout",
      "metadata:",
      "name: grade-submission-api",
      "namespace: grade",
      "spec:",
      "replicas: 3",
      "strategy:",
      "canary:",
      "steps:",
      "- setWeight: 20",
      "- pause: { duration: 30 }",
      "- setWeight: 50",
      "- pause: {}",
      "selector:",
      "matchLabels:",
      "app: grade-submission-api",
      "template:",
      "metadata:",
      "labels:",
      "app: grade-submission-api",
      "spec:",
      "containers:",
      "- name: app",
      "image: ghcr.io/jumptotechschooldevops/k8s-ci-build:PLACEHOLDER",
    ],
    "757a2153e9",
    differs(
      "The PLACEHOLDER image cannot run: fixtures/gitops/grade-api-rollout/rollout.yaml carries the image CI built for the app with imagePullPolicy IfNotPresent (images are imported, there is no registry) and no namespace (the Application's destination is the lab's); the canary steps are the course's.",
    ),
    "gitops/grade-api-rollout/rollout.yaml",
  ),
  row(
    "M1.2",
    ["Commit & push."],
    "a163fe3d00",
    ran(
      'Git: commit "Convert Deployment to Rollout (canary: 20%, pause 30s, 50%, pause)" (git rm deployment.yaml; write rollout.yaml), then Git: push main to the lab\'s GitOps repo (the course names no command: a commit and a push)',
    ),
  ),
  row(
    "M1.3",
    ["kubectl argo rollouts get rollout grade-submission-api -n grade"],
    "19e4a95d0a",
    differs(
      `${PLUGIN_ABSENT} the spec runs kubectl get rollout grade-submission-api -n <lab namespace> and reads the Rollout's status (step, pause, ReplicaSets, pod split) through the API in each wait.`,
    ),
  ),
  row(
    "M1.3",
    ["kubectl argo rollouts promote grade-submission-api -n grade"],
    "810b2d4f6d",
    differs(
      `${PLUGIN_ABSENT} the spec sends through the Kubernetes API exactly the JSON merge patches the plugin v1.9.1 sends to the Rollout (step Rollouts: promote grade-submission-api (as kubectl argo rollouts promote)).`,
    ),
  ),
  row(
    "M2.1",
    [
      "Restructure GitOps repo:",
      "grade-api-gitops/",
      "├── chart/",
      "│ ├── Chart.yaml",
      "│ ├── values.yaml",
      "│ └── templates/",
      "│ └── rollout.yaml",
    ],
    "8c920682ba",
    ran(
      "Git: commit \"Restructure as a Helm chart\" (git rm rollout.yaml; write chart/Chart.yaml, chart/values.yaml, chart/templates/rollout.yaml): the course's tree, in the lab's own GitOps repo (<lab namespace>-gitops) where the course's is grade-api-gitops/",
    ),
  ),
  row(
    "M2.1",
    ["Put Rollout YAML into templates/."],
    "d79c9ef5cc",
    differs(
      "chart/templates/rollout.yaml is Lab 1.2's Rollout with replicas and image templated from values.yaml, so that CI can change the tag alone (Lab 2.3); it renders to exactly Lab 1.2's Rollout, which fixtures/course-manifests.test.ts checks.",
    ),
  ),
  row(
    "M2.2",
    [
      "spec:",
      "source:",
      "repoURL: https://github.com/jumptotechschooldevops/grade-api-gitops",
      "targetRevision: main",
      "path: chart",
      "helm:",
      "valueFiles:",
      "- values.yaml",
    ],
    "4fc1b6235b",
    differs(
      "The Application's repoURL is the lab's own GitOps repo on the suite's Git server (seeded with Lab 2.1's chart), since the run is offline and must not push to the course's GitHub repo; targetRevision main, path chart and helm.valueFiles [values.yaml] are the course's.",
    ),
  ),
  row(
    "M2.2",
    ["kubectl apply -f grade-api-app.yaml"],
    "0918841b4b",
    differs(
      "The spec pipes the Application it built for the lab (its repo URL and namespace) to kubectl apply -f - (shown as kubectl apply -f grade-api-app.yaml, the YAML attached under that name), because kubectl may run inside the k3s container, where no such file exists.",
    ),
  ),
  row(
    "M2.3",
    ["Change image tag via CI → GitOps values.yaml."],
    "24280b87c9",
    ran(
      'CI: pipeline for app commit <sha>, its Git: commit "ci: deploy grade-submission-api:<sha>" (write chart/values.yaml): CI changes only image.tag in values.yaml, and the spec checks the commit touched no other file',
    ),
  ),
  row(
    "M3.1",
    [
      "apiVersion: rbac.authorization.k8s.io/v1",
      "kind: Role",
      "metadata:",
      "name: read-only",
      "namespace: grade",
      "rules:",
      '- apiGroups: ["", "apps"]',
      'resources: ["pods", "deployments", "services"]',
      'verbs: ["get", "list", "watch"]',
    ],
    "3586bf10a7",
    ran(
      "Apply read-only-role.yaml (kubectl -n <lab namespace> apply, the YAML on stdin): fixtures/rbac/read-only-role.yaml is the course's Role line for line, its namespace: grade rewritten to the lab's through kubectl -n",
    ),
    "rbac/read-only-role.yaml",
  ),
  row(
    "M3.1",
    [
      "kind: RoleBinding",
      "subjects:",
      "- kind: User",
      "name: dev-user",
      "roleRef:",
      "kind: Role",
      "name: read-only",
    ],
    "b0b5b16fcc",
    differs(
      "The course's RoleBinding has no apiVersion, no metadata.name and no apiGroup, so kubectl cannot apply it: the spec applies the smallest complete version (fixtures/rbac/read-only-binding.yaml, RoleBinding dev-user-read-only, apiGroup rbac.authorization.k8s.io on subject and roleRef).",
    ),
    "rbac/read-only-binding.yaml",
  ),
  row(
    "M3.2",
    ["kubectl -n grade scale deployment grade-submission-api --replicas=5"],
    "8b6a8ba90e",
    differs(
      "The spec appends --as dev-user: it runs the course's line as the cluster admin impersonating dev-user, since the suite holds no credentials of a dev-user, once Lab 3.1's Role and RoleBinding are in effect.",
    ),
  ),
  row(
    "M3.3",
    [
      "Edit argocd-rbac-cm:",
      "policy.csv: |",
      "p, role:readonly, applications, get, *, allow",
      "p, role:readonly, applications, sync, *, deny",
    ],
    "627ff03781",
    differs(
      "Argo CD's built-in role:admin inherits role:readonly and a deny always wins, so the course's deny would take sync from admin too: the spec appends the two lines for a role of its own, role:gitops-conformance-readonly (which inherits role:readonly), to policy.csv through the Kubernetes API rather than an editor.",
    ),
  ),
  row(
    "M3.3",
    ["Map users to role."],
    "55bdfec99f",
    differs(
      "The spec maps a local account of its own (gitops-conformance-ro-m3-3, login enabled in argocd-cm) to role:gitops-conformance-readonly with a g line, and also to role:gitops-conformance-team, which may sync, so that the refusal proves the course's deny line.",
    ),
  ),
  row(
    "M3.4",
    ["Log in as:", "- Read-only user"],
    "e44a95b746",
    differs(
      "The main spec logs in as the read-only local account through Argo CD's API (POST /api/v1/session) and makes the UI's calls there; its UI part signs in through the UI's login form in headless Chromium only where Argo CD serves its UI and Chromium is here, else reports it not verified.",
    ),
  ),
];
