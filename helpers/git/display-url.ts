// scheme://user[:password]@ — the userinfo of any URL in a text.
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s'"]+@/gi;

/**
 * Removes `user:password@` from every URL in `text`, so a clone URL carrying the
 * run's credentials can be shown in the report. Redaction of registered secrets
 * still applies on top; this also hides the username and unregistered values.
 */
export function withoutUserinfo(text: string): string {
  return text.replace(USERINFO, "$1");
}
