/**
 * Secrets the redaction self-test plants (helpers/report/redaction-artifacts.test.ts). Each has
 * characters that JSON, URLs and XML escape, so every escaped form differs from the secret.
 */

/** Known only to the test worker, as a lab's session token or per-lab password is. */
export const WORKER_SECRET = 'w0rker"S3cret/+&<pl@nted>';
/** The user the worker secret is the password of, for the Basic credential form. */
export const PLANTED_USER = "planted-user";
/** Registered by the global setup in vitest's own process, as the Git and admin passwords are. */
export const MAIN_SECRET = "main-s3cret'from&global<setup>";
