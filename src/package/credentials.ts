// Names of files that usually hold credentials: a package that contains one is worth a warning,
// since whatever is published can be pulled by others.

const CREDENTIAL_NAMES: RegExp[] = [
  /^\.env/, // .env, .env.local, .env.production, ...
  /\.pem$/i,
  /\.key$/i,
  /^id_(rsa|dsa|ecdsa|ed25519)/, // SSH private keys, and their .pub next to them
  /^\.npmrc$/,
  /^\.pypirc$/,
  /^credentials.*\.json$/i,
];

/** The entry names (as in the zip) whose file name looks like a credential's. */
export function likelyCredentials(names: readonly string[]): string[] {
  return names.filter((name) => {
    const base = name.slice(name.lastIndexOf('/') + 1);
    return CREDENTIAL_NAMES.some((pattern) => pattern.test(base));
  });
}
