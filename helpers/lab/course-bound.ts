import { seconds } from "../report/seconds";

/** A bound the course's own words put on a measured outcome ("Seconds later"). */
export interface CourseBound {
  ms: number;
  /** The course's words that bound it. */
  words: string;
  /** Why those words mean this bound. */
  why: string;
}

/** Why the measurement breaks the course's bound, in one sentence; undefined within it. */
export function beyondCourseBound(label: string, tookMs: number, bound: CourseBound): string | undefined {
  if (tookMs <= bound.ms) return undefined;
  return `${label} took ${seconds(tookMs)}, beyond the ${seconds(bound.ms)} the course's "${bound.words}" allows: ${bound.why}`;
}

/**
 * T01's "Seconds later → Argo reverts": read as within 20 s of the human's command. Longer is a
 * third of a minute, no longer "seconds"; it is also two of the suite's 10 s reconciliation
 * periods, so a revert that waited for periodic reconciles rather than reacting would show.
 */
export const SECONDS_LATER: CourseBound = {
  ms: 20_000,
  words: "Seconds later",
  why: "read as within 20 s of the human's command (two of the suite's 10 s reconciliation periods)",
};
