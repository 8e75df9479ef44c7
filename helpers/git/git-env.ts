/**
 * Variables that make every git process of the suite ignore the developer's own
 * git config (a credential helper would store the run's password, signing or
 * hooks would change commits) and fail instead of prompting for a password.
 */
export const ISOLATING_GIT_ENV = {
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_TERMINAL_PROMPT: "0",
} as const;

// Only what git needs to run. Inherited GIT_* (a hook's GIT_DIR), editors, pagers
// and proxies (which could route 127.0.0.1 elsewhere) are deliberately left out.
const PASSED_THROUGH = ["PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "SYSTEMROOT"];

/** A minimal environment for the real git CLI: PATH and locale from this process, plus ISOLATING_GIT_ENV and `extra`. */
export function isolatedGitEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...ISOLATING_GIT_ENV, ...extra };
}
