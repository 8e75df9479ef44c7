import type { CommandTranscript } from "../exec/transcript";
import { type Expectation, expectation, fail, pass, type Verdict } from "../wait/expectation";

/**
 * A kubectl command the API server refused for RBAC: kubectl exits non-zero and prints
 * `Error from server (Forbidden): <resource> "<name>" is forbidden: User "<user>" cannot
 * <verb> resource "<resource>" …` (the API server's Forbidden Status message; some kubectl
 * commands wrap it in an error of their own). The verdict
 * is final: the command ran once.
 */
export function forbiddenVerdict(t: CommandTranscript, user: string, refused?: RefusedRequest): Verdict {
  const output = `${t.stderr}\n${t.stdout}`;
  const line = output
    .split("\n")
    // kubectl scale and delete print the Status as "Error from server (Forbidden): …"; kubectl set
    // image wraps the same message: "error: failed to patch image update to pod template: … is forbidden: User …".
    .find((l) => l.includes("(Forbidden)") || / is forbidden: User "/.test(l))
    ?.trim();
  if (t.exitCode === 0)
    return fail(`\`${t.command}\` succeeded (exit code 0): ${t.stdout.trim() || "(no output)"}`);
  if (!line)
    return fail(`\`${t.command}\` failed (exit code ${t.exitCode}), but not as Forbidden: ${output.trim()}`);
  if (!line.includes(`User "${user}" cannot`))
    return fail(`\`${t.command}\` was forbidden, but not for user ${user}: ${line}`);
  // A refused read (kubectl's GET before the write) would be a different lab: require the write itself.
  if (refused && !line.includes(`cannot ${refused.verb} resource "${refused.resource}"`))
    return fail(
      `\`${t.command}\` was forbidden, but not its ${refused.verb} on ${refused.resource}: ${line}`,
    );
  return pass(`exit code ${t.exitCode}: ${line}`);
}

/** The request whose refusal proves the point: `patch` on `deployments/scale` for kubectl scale. */
export interface RefusedRequest {
  verb: string;
  resource: string;
}

export function refusedAsForbidden(
  t: CommandTranscript,
  user: string,
  refused?: RefusedRequest,
): Expectation {
  return expectation(
    `the API server to have refused \`${t.command}\` as Forbidden for ${user}${refused ? ` (${refused.verb} ${refused.resource})` : ""}`,
    () => forbiddenVerdict(t, user, refused),
  );
}
