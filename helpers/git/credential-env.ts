/**
 * Git reads config from GIT_CONFIG_COUNT/KEY_n/VALUE_n. Handing the Basic header to
 * git that way keeps the credential out of every process's argv (which `ps` shows
 * to any local user) and out of the clone's .git/config. A process's environment is
 * readable only by its own user.
 */
export const CREDENTIAL_ENV_NAMES = ["GIT_CONFIG_COUNT", "GIT_CONFIG_KEY_0", "GIT_CONFIG_VALUE_0"] as const;

export interface CredentialFreeRemote {
  /** The URL with no userinfo: what git is given as an argument and what it stores. */
  url: string;
  /** Empty when the URL carried no credentials. */
  env: Record<string, string>;
}

/** Splits `user:password@` out of `remoteUrl` into an Authorization header scoped to that server. */
export function credentialFreeRemote(remoteUrl: string): CredentialFreeRemote {
  const parsed = new URL(remoteUrl);
  if (!parsed.username && !parsed.password) return { url: remoteUrl, env: {} };
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = "";
  parsed.password = "";
  const basic = Buffer.from(`${user}:${password}`).toString("base64");
  return {
    url: parsed.href,
    env: {
      GIT_CONFIG_COUNT: "1",
      // Scoped to the server's origin, so no other host ever receives the header.
      GIT_CONFIG_KEY_0: `http.${parsed.origin}/.extraHeader`,
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
    },
  };
}
