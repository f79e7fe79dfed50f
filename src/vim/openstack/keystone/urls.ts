/** Keystone URLs, built from the configured auth URL (normalised to end in `/v3`). */

export function identityBase(authUrl: string): string {
  const trimmed = authUrl.replace(/\/+$/, '');
  return /\/v3$/.test(trimmed) ? trimmed : `${trimmed}/v3`;
}

export function authTokensUrl(authUrl: string): string {
  return `${identityBase(authUrl)}/auth/tokens`;
}
