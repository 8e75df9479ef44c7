import type { JournalEntry } from "../report/step";

/**
 * What the labs project's global setup hands every spec (through vitest's
 * provide/inject): plain data, since specs run in worker processes.
 */
export interface ClusterInfo {
  mode: "k3s" | "existing";
  /** The road taken (helpers/preflight/run-path.ts): which cluster, and whose images, in one line. */
  road: { kind: "existing" | "k3s" | "kit-node" | "no-images"; description: string };
  runId: string;
  /** "host/pid" of the run's main process (helpers/cluster/run-owner.ts). */
  owner: string;
  /** Admin kubeconfig as seen from this machine. */
  kubeconfig: string;
  kubeconfigPath: string;
  /** The run's folder on this machine (kubeconfig, clones); removed at teardown, swept if the run was killed. */
  workDir: string;
  /** Set in k3s mode: kubectl and image imports run inside this container. */
  k3sContainerId?: string;
  argoCd: { url: string; namespace: string; adminUsername: string; adminPassword: string };
  git: {
    /** Where the repos live on this machine (bare repos, one per lab repo). */
    root: string;
    /** The server as this machine reaches it. */
    hostUrl: string;
    /** The server as pods (Argo CD's repo server) reach it. */
    clusterUrl: string;
    username: string;
    password: string;
  };
  /** The course app's image, built by CI from the seed app repo at setup and imported into the cluster. */
  seedImage: string;
  /** What is actually running, read from the cluster. */
  versions: { kubernetes: string; argoCd: string; rollouts: string };
  setup: { startedAt: string; journal: JournalEntry[] };
}

declare module "vitest" {
  export interface ProvidedContext {
    cluster: ClusterInfo;
  }
}
