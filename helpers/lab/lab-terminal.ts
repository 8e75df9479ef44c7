import { stringify } from "yaml";
import type { KubectlRunner } from "../cluster/kubectl";
import { transcriptStep } from "../exec/run-command";
import type { CommandTranscript } from "../exec/transcript";
import { attachYaml } from "../report/attach";
import { step } from "../report/step";
import { courseKubectlArgs } from "./course-command";

export interface CourseCommandOptions {
  expectFailure?: boolean;
  env?: Record<string, string>;
  stdin?: string;
  display?: string;
}

/**
 * The human at the terminal: the course's kubectl command lines, run in one
 * lab's namespace, each a report step with the exact line in its transcript.
 */
export class LabTerminal {
  constructor(
    private readonly runner: KubectlRunner,
    private readonly namespace: string,
  ) {}

  /**
   * Runs a course command line (`kubectl -n grade scale ...`) in this lab's
   * namespace, with the exact line in the transcript. `expectFailure` for
   * commands the lab proves are refused.
   */
  async kubectl(courseLine: string, options: CourseCommandOptions = {}): Promise<CommandTranscript> {
    const args = courseKubectlArgs(courseLine, this.namespace);
    const shown = options.display ?? `kubectl ${args.join(" ")}`;
    return transcriptStep(
      `Human: ${shown}`,
      () => this.runner.run(args, { ...options, display: shown }),
      options,
    );
  }

  /**
   * `kubectl edit`, made non-interactive: KUBE_EDITOR is a sed script. kubectl
   * runs an editor string containing quotes through $SHELL -c (kubectl's
   * editor.go), so SHELL is set to /bin/sh, which the k3s image and every Unix have.
   */
  async kubectlEdit(courseLine: string, sedScript: string): Promise<CommandTranscript> {
    const editor = `sed -i.bak -e '${sedScript}'`;
    const args = courseKubectlArgs(courseLine, this.namespace);
    return this.kubectl(courseLine, {
      env: { KUBE_EDITOR: editor, SHELL: "/bin/sh" },
      display: `KUBE_EDITOR="${editor}" kubectl ${args.join(" ")}`,
    });
  }

  /** `kubectl apply -f <file>` of a manifest object, as the course applies its YAML files. */
  async applyManifest(
    fileName: string,
    manifest: object,
    options: { namespaced?: boolean } = {},
  ): Promise<void> {
    await step(`Apply ${fileName}`, async () => {
      const yaml = stringify(manifest);
      await attachYaml(fileName, yaml);
      const line = options.namespaced
        ? `kubectl -n grade apply -f ${fileName}`
        : `kubectl apply -f ${fileName}`;
      const args = courseKubectlArgs(line, this.namespace).map((a) => (a === fileName ? "-" : a));
      await transcriptStep(`kubectl apply -f ${fileName}`, () =>
        this.runner.run(args, {
          stdin: yaml,
          display: `kubectl ${courseKubectlArgs(line, this.namespace).join(" ")}`,
        }),
      );
    });
  }
}
