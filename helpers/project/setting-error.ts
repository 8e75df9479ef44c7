/**
 * A setting from the environment the suite refuses. Thrown where the value is used, so a bad value
 * never quietly becomes a default; the doctor calls the same readers and turns this into its verdict.
 */
export class SettingError extends Error {
  constructor(
    /** The environment variable, e.g. LAB_TIMEOUT_SCALE. */
    readonly variable: string,
    /** What is wrong: the value seen and the accepted range or form. */
    readonly problem: string,
    /** What to do about it. */
    readonly fix: string,
  ) {
    super(`${problem} ${fix}`.replace(/\s+/g, " ").trim());
    this.name = "SettingError";
  }
}
