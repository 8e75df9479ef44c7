import { COURSE_NAMESPACE } from "./lab-names";

/**
 * Turns a command line exactly as the course prints it into kubectl argv for
 * the lab: drops the leading `kubectl` and puts the lab's namespace where the
 * course says `grade` (`-n grade`, `--namespace grade`, `--namespace=grade`).
 * Plain words only: the course's commands have no quoting.
 */
export function courseKubectlArgs(courseLine: string, namespace: string): string[] {
  const words = courseLine.trim().split(/\s+/);
  if (words[0] !== "kubectl") throw new Error(`Not a kubectl command: ${courseLine}`);
  const args = words.slice(1);
  return args.map((word, i) => {
    const previous = args[i - 1];
    if ((previous === "-n" || previous === "--namespace") && word === COURSE_NAMESPACE) return namespace;
    if (word === `--namespace=${COURSE_NAMESPACE}`) return `--namespace=${namespace}`;
    return word;
  });
}
