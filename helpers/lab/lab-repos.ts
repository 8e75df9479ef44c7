import { cp, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { ARGOCD_NAMESPACE, LAB_ID_LABEL_KEY } from "../argocd/application-spec";
import type { ClusterInfo } from "../cluster/cluster-info";
import { registerRepository, repositorySecret } from "../cluster/git-connectivity";
import { LabRepo } from "../git/lab-repo";
import type { RepoHost } from "../git/served-repos";
import type { KubeClients } from "../kube/kube-clients";
import { FIXTURES_DIR } from "../project/paths";

export interface SeedOptions {
  message: string;
  rewrite?: (dir: string) => Promise<void>;
  registerWithArgoCd?: boolean;
}

/**
 * One lab's repos on the suite's Git server: seeded from fixtures, known to Argo CD when it
 * must read them, and gone (clones and repository Secrets) when the lab closes.
 */
export class LabRepos {
  private readonly seeded: LabRepo[] = [];

  constructor(
    private readonly labId: string,
    private readonly namespace: string,
    private readonly cluster: ClusterInfo,
    private readonly kube: KubeClients,
    private readonly host: RepoHost,
    private readonly onClose: (cleanup: () => Promise<unknown>) => void,
  ) {}

  /**
   * A repo of this lab on the suite's Git server, seeded from a fixture folder
   * (optionally rewritten first, e.g. to put CI's image in), and registered
   * with Argo CD when Argo CD must read it.
   */
  async seed(name: string, fixture: string, options: SeedOptions): Promise<LabRepo> {
    const repoName = `${this.namespace}-${name}`;
    // In the run's work folder, as the clone is: a killed run's copies go with the folder.
    const staging = await mkdtemp(path.join(this.cluster.workDir, `${repoName}-seed-`));
    try {
      await cp(path.join(FIXTURES_DIR, fixture), staging, { recursive: true });
      await options.rewrite?.(staging);
      const repo = await LabRepo.seedFromFixture(
        this.host,
        repoName,
        staging,
        options.message,
        this.cluster.workDir,
      );
      this.seeded.push(repo);
      this.onClose(() => repo.remove());
      if (options.registerWithArgoCd) await this.registerWithArgoCd(repoName);
      return repo;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  /** The repo's URL as Argo CD's repo server reaches it. */
  clusterRepoUrl(repoName: string): string {
    return this.host.repoUrl(repoName, { baseUrl: this.cluster.git.clusterUrl });
  }

  /** The repos seeded so far, whose history a failed lab's diagnostics show. */
  all(): readonly LabRepo[] {
    return this.seeded;
  }

  private async registerWithArgoCd(repoName: string): Promise<void> {
    const secret = repositorySecret({
      name: `repo-${repoName}`.slice(0, 63),
      url: this.clusterRepoUrl(repoName),
      username: this.cluster.git.username,
      password: this.cluster.git.password,
      labels: { [LAB_ID_LABEL_KEY]: this.labId },
    });
    await registerRepository(this.kube, secret);
    this.onClose(() =>
      this.kube.core
        .deleteNamespacedSecret({ namespace: ARGOCD_NAMESPACE, name: secret.metadata.name })
        .catch(() => undefined),
    );
  }
}
