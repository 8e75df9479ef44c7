/**
 * What a lab saw, in one line each, from its report steps' names (the names helpers give them):
 * its measurements, the windows it held, the refusals the course promised. The lab's verdict
 * line is made of these.
 */

// helpers/lab's measureSince: "Measured: self-heal: back to 1 replica after 6.8 s".
const MEASURED = /^Measured: (.+)$/;
// helpers/wait/consistently.ts: "Hold <what> for 20.0 s, after <trigger>".
const HELD = /^Hold (.+) for (\d+(?:\.\d+)?) s, after /;
// helpers/argocd's session, inside expectingRefusal: "Argo CD API as <user>: <call>: refused with HTTP 403 …".
const REFUSED_CALL = /^Argo CD API as ([^:]+): (.+?): refused with HTTP (\d+) /;
// helpers/wait/wait-until.ts: "Wait until <what>: reached after 1.5 s".
const WAIT = /^Wait until (.+): reached after (\d+(?:\.\d+)?) s$/;

export interface WaitSeen {
  what: string;
  seconds: number;
}

function waits(names: readonly string[]): WaitSeen[] {
  return names.flatMap((n) => {
    const m = WAIT.exec(n);
    return m?.[1] && m[2] ? [{ what: m[1], seconds: Number(m[2]) }] : [];
  });
}

export function slowestWait(names: readonly string[]): WaitSeen | undefined {
  return waits(names).reduce<WaitSeen | undefined>(
    (slowest, w) => (slowest && slowest.seconds >= w.seconds ? slowest : w),
    undefined,
  );
}

/** Measurements, holds and promised refusals, in the order the lab saw them; else its last wait. */
export function seenLines(names: readonly string[]): string[] {
  const seen = names.flatMap((n) => {
    const measured = MEASURED.exec(n);
    if (measured?.[1]) return [measured[1]];
    const held = HELD.exec(n);
    if (held?.[1]) return [`held: ${held[1]} for ${held[2]} s`];
    const refused = REFUSED_CALL.exec(n);
    if (refused?.[2]) return [`refused: ${refused[1]}'s ${refused[2]} (HTTP ${refused[3]})`];
    const wait = WAIT.exec(n);
    if (wait?.[1]?.includes(" refused ")) return [wait[1]];
    return [];
  });
  if (seen.length > 0) return seen;
  const last = waits(names).at(-1);
  return last ? [`${last.what}: after ${last.seconds} s`] : [];
}
