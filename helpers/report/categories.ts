/**
 * How the report sorts failures, so a red run says at once whose problem it is:
 * the cluster (infrastructure), time (a wait that ran out), or the course (a lab's claim did not hold).
 * The prefixes are the ones the suite's own errors carry.
 */
export const INFRASTRUCTURE_PREFIX = "Infrastructure:";
export const TIMEOUT_PREFIX = "Timed out";

export const allureCategories = [
  {
    name: "Infrastructure failures (cluster boot, installs, Docker)",
    matchedStatuses: ["broken", "failed"],
    messageRegex: `[\\s\\S]*${INFRASTRUCTURE_PREFIX}[\\s\\S]*`,
  },
  {
    name: "Timeouts (an expected state was not reached in time)",
    matchedStatuses: ["broken", "failed"],
    messageRegex: `[\\s\\S]*${TIMEOUT_PREFIX}[\\s\\S]*`,
  },
  {
    name: "Lab assertion failures (the course's claim did not hold)",
    matchedStatuses: ["failed"],
  },
  {
    name: "Harness errors",
    matchedStatuses: ["broken"],
  },
];
