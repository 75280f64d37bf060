import type { Creds } from './bosh-config.js';

/** Both halves of basic credentials are set (bosh-cli Creds.IsBasicComplete). */
export function isBasicComplete(c: Creds): boolean {
  return c.client !== '' && c.clientSecret !== '';
}

/** A UAA client (clients use no refresh tokens), or a UAA user with a refresh token. */
export function isUaa(c: Creds): boolean {
  return c.client !== '' || c.refreshToken !== '';
}

/** `client 'admin'`, `user 'admin' (openid, bosh.admin)`, `anonymous user`: the `Using environment ... as` part. */
export function describeCreds(c: Creds): string {
  if (c.refreshToken !== '') {
    const info = tokenInfo(c.refreshToken);
    if (info === undefined) return "'?'";
    return `user '${info.username}'${info.scopes.length > 0 ? ` (${info.scopes.join(', ')})` : ''}`;
  }
  if (c.client !== '') return `client '${c.client}'`;
  return 'anonymous user';
}

/** The payload of a JWT: `user_name` and `scope`. */
function tokenInfo(value: string): { username: string; scopes: string[] } | undefined {
  const segments = value.split('.');
  if (segments.length !== 3) return undefined;
  const payload = segments[1] ?? '';
  if (!/^[A-Za-z0-9_-]*$/.test(payload)) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const rec = parsed as Record<string, unknown>;
    const scopes = Array.isArray(rec['scope'])
      ? rec['scope'].filter((s): s is string => typeof s === 'string')
      : [];
    return { username: typeof rec['user_name'] === 'string' ? rec['user_name'] : '', scopes };
  } catch {
    return undefined;
  }
}
