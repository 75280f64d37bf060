import { createPublicKey, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import type { UserManagement } from '../config/director-config.js';

/** Who made a request and what BOSH scopes they hold. */
export interface Identity {
  readonly username: string;
  readonly scopes: readonly string[];
}

/** Authenticates the `Authorization` header; undefined when it does not (the caller answers 401). */
export type Authenticator = (authorization: string | undefined, nowSeconds: number) => Identity | undefined;

/** `user_authentication` of `/info`. */
export function clientInfo(um: UserManagement): { type: string; options: Record<string, unknown> } {
  return um.provider === 'local'
    ? { type: 'basic', options: {} }
    : { type: 'uaa', options: { url: um.urls[0] ?? '', urls: [...um.urls] } };
}

/**
 * The identity providers of bosh-director: `local` (HTTP Basic against the configured users, who are admins) and
 * `uaa` (a bearer JWT signed with the UAA key, verified locally; refresh tokens refused; username `user_name` or
 * `client_id`; scopes from `scope`).
 */
export function authenticator(um: UserManagement): Authenticator {
  if (um.provider === 'local') {
    return (header) => {
      const m = /^basic\s+(.+)$/i.exec(header ?? '');
      if (m?.[1] === undefined) return undefined;
      const decoded = Buffer.from(m[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return undefined;
      const [name, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
      const user = um.users.find((u) => u.name === name && same(u.password, password));
      return user === undefined ? undefined : { username: user.name, scopes: ['bosh.admin'] };
    };
  }
  const key = createPublicKey(um.publicKey);
  return (header, now) => verifyJwt(header, key, now);
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const ALGORITHMS: Readonly<Record<string, string>> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };

function verifyJwt(header: string | undefined, key: KeyObject, now: number): Identity | undefined {
  const m = /^bearer\s+([\w-]+)\.([\w-]+)\.([\w-]+)$/i.exec(header ?? '');
  if (m === null) return undefined;
  const [, h = '', p = '', s = ''] = m;
  const json = (part: string): Record<string, unknown> | undefined => {
    try {
      const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
      return typeof v === 'object' && v !== null && !Array.isArray(v)
        ? (v as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  };
  const head = json(h);
  const claims = json(p);
  const hash = typeof head?.alg === 'string' ? ALGORITHMS[head.alg] : undefined;
  if (claims === undefined || hash === undefined) return undefined;
  if (!verify(hash, Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) return undefined;
  if (typeof claims.exp !== 'number' || claims.exp <= now) return undefined;
  if (typeof claims.jti === 'string' && claims.jti.endsWith('-r')) return undefined;
  const username =
    typeof claims.user_name === 'string'
      ? claims.user_name
      : typeof claims.client_id === 'string'
        ? claims.client_id
        : '';
  const scopes = Array.isArray(claims.scope)
    ? claims.scope.filter((x): x is string => typeof x === 'string')
    : [];
  return { username, scopes };
}

export type Permission = 'read' | 'admin' | 'upload_stemcell' | 'upload_release';

/** `PermissionAuthorizer` for director-wide permissions (teams come with deployments). */
export function granted(identity: Identity, permission: Permission, directorUuid: string): boolean {
  const has = (s: string) => identity.scopes.includes(s);
  const admin = has('bosh.admin') || has(`bosh.${directorUuid}.admin`);
  if (admin) return true;
  if (permission === 'read') return has('bosh.read') || has(`bosh.${directorUuid}.read`);
  if (permission === 'upload_stemcell') return has('bosh.stemcells.upload');
  if (permission === 'upload_release') return has('bosh.releases.upload');
  return false;
}
