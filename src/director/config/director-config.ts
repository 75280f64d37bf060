import { isAbsolute, resolve } from 'node:path';

export type DbConfig =
  | { readonly adapter: 'sqlite'; readonly path: string }
  | {
      readonly adapter: 'postgres';
      readonly host: string;
      readonly port: number;
      readonly user: string;
      readonly password: string;
      readonly database: string;
    };

export type UserManagement =
  | {
      readonly provider: 'local';
      readonly users: ReadonlyArray<{ readonly name: string; readonly password: string }>;
    }
  | { readonly provider: 'uaa'; readonly urls: readonly string[]; readonly publicKey: string };

/**
 * `bosh-director <config.yml>`, decoded. On disk (YAML; relative paths are relative to the file):
 * ```yaml
 * name: bosh-ts
 * port: 25555
 * bind: 127.0.0.1
 * data_dir: /var/vcap/store/director      # tasks/, tmp/ and (by default) the DB and blobstore
 * tls: {certificate: <PEM>, private_key: <PEM>, ca: <PEM>}
 * user_management:
 *   provider: local                       # or: uaa, with uaa: {urls: [https://uaa:8443], public_key: <PEM>}
 *   local: {users: [{name: admin, password: secret}]}
 * db: {adapter: sqlite, database: director.db}   # or {adapter: postgres, host, port, user, password, database}
 * blobstore: {provider: local, options: {blobstore_path: blobstore}}
 * cpi: {executable: /path/to/cpi, config: /path/to/cpi.json}
 *   # serve: true                         # bosh-ts: one long-lived `<executable> <config> --serve` answers every
 *                                         # call (bosh-local-cpi supports it); else one process per call, as BOSH
 * agent: {...}                            # what VMs' agents get (used by deploys)
 * workers: 3
 * vms: {cleanup_interval: 300}            # seconds between scheduled orphaned-VM cleanups (BOSH: every 5 min); 0: never
 * ```
 */
export interface DirectorConfig {
  readonly name: string;
  readonly port: number;
  readonly bind: string;
  readonly dataDir: string;
  readonly tls: { readonly certificate: string; readonly privateKey: string; readonly ca: string };
  readonly userManagement: UserManagement;
  readonly db: DbConfig;
  readonly blobstorePath: string;
  readonly cpi: { readonly executable: string; readonly config: string; readonly serve: boolean } | undefined;
  readonly agent: Readonly<Record<string, unknown>>;
  readonly workers: number;
  /** `vms.cleanup_interval`: the scheduled orphaned-VM cleanup's period in seconds (0: off). */
  readonly orphanedVmCleanupInterval: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Decodes the config, collecting every problem into one error. */
export function decodeDirectorConfig(value: unknown, configDir: string): DirectorConfig {
  const problems: string[] = [];
  const o = isRecord(value) ? value : {};
  if (!isRecord(value)) problems.push('expected a YAML hash');
  const path = (p: string) => (isAbsolute(p) ? p : resolve(configDir, p));
  const str = (v: unknown, key: string, fallback?: string): string => {
    if (typeof v === 'string' && v !== '') return v;
    if (v === undefined && fallback !== undefined) return fallback;
    problems.push(`'${key}' must be a non-empty string`);
    return '';
  };
  const int = (v: unknown, key: string, fallback: number): number => {
    if (v === undefined) return fallback;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
    problems.push(`'${key}' must be a non-negative integer`);
    return fallback;
  };
  const hash = (v: unknown, key: string): Record<string, unknown> => {
    if (isRecord(v)) return v;
    problems.push(`'${key}' must be a hash`);
    return {};
  };

  const dataDir = path(str(o.data_dir, 'data_dir'));
  const tls = hash(o.tls, 'tls');
  const um = hash(o.user_management ?? {}, 'user_management');
  let userManagement: UserManagement = { provider: 'local', users: [] };
  if (um.provider === 'uaa') {
    const uaa = hash(um.uaa, 'user_management.uaa');
    const urls = Array.isArray(uaa.urls) ? uaa.urls.filter((u): u is string => typeof u === 'string') : [];
    if (urls.length === 0) problems.push("'user_management.uaa.urls' must list the UAA URLs");
    userManagement = {
      provider: 'uaa',
      urls,
      publicKey: str(uaa.public_key, 'user_management.uaa.public_key'),
    };
  } else if (um.provider === 'local' || um.provider === undefined) {
    const local = hash(um.local ?? {}, 'user_management.local');
    const users = Array.isArray(local.users) ? local.users : [];
    userManagement = {
      provider: 'local',
      users: users.map((u, i) => {
        const user = hash(u, `user_management.local.users[${String(i)}]`);
        return {
          name: str(user.name, `user_management.local.users[${String(i)}].name`),
          password: str(user.password, `user_management.local.users[${String(i)}].password`),
        };
      }),
    };
  } else
    problems.push(`'user_management.provider' must be 'local' or 'uaa', got ${JSON.stringify(um.provider)}`);

  const db = hash(o.db ?? { adapter: 'sqlite', database: 'director.db' }, 'db');
  let dbConfig: DbConfig = { adapter: 'sqlite', path: '' };
  if (db.adapter === 'sqlite')
    dbConfig = { adapter: 'sqlite', path: path(str(db.database, 'db.database', 'director.db')) };
  else if (db.adapter === 'postgres' || db.adapter === 'postgresql') {
    dbConfig = {
      adapter: 'postgres',
      host: str(db.host, 'db.host', '127.0.0.1'),
      port: int(db.port, 'db.port', 5432),
      user: str(db.user, 'db.user'),
      password: typeof db.password === 'string' ? db.password : '',
      database: str(db.database, 'db.database'),
    };
  } else problems.push(`'db.adapter' must be 'sqlite' or 'postgres', got ${JSON.stringify(db.adapter)}`);

  const blobstore = hash(
    o.blobstore ?? { provider: 'local', options: { blobstore_path: 'blobstore' } },
    'blobstore',
  );
  if (blobstore.provider !== 'local')
    problems.push(`'blobstore.provider' must be 'local', got ${JSON.stringify(blobstore.provider)}`);
  const blobOptions = hash(blobstore.options ?? {}, 'blobstore.options');

  let cpi: DirectorConfig['cpi'];
  if (o.cpi !== undefined && o.cpi !== null) {
    const c = hash(o.cpi, 'cpi');
    cpi = {
      executable: path(str(c.executable, 'cpi.executable')),
      config: path(str(c.config, 'cpi.config')),
      serve: c.serve === true,
    };
    if (c.serve !== undefined && typeof c.serve !== 'boolean')
      problems.push("'cpi.serve' must be true or false");
  }
  const vms = hash(o.vms ?? {}, 'vms');
  const config: DirectorConfig = {
    name: str(o.name, 'name', 'bosh-ts'),
    port: int(o.port, 'port', 25555),
    bind: str(o.bind, 'bind', '127.0.0.1'),
    dataDir,
    tls: {
      certificate: str(tls.certificate, 'tls.certificate'),
      privateKey: str(tls.private_key, 'tls.private_key'),
      ca: typeof tls.ca === 'string' ? tls.ca : '',
    },
    userManagement,
    db: dbConfig,
    blobstorePath: path(str(blobOptions.blobstore_path, 'blobstore.options.blobstore_path', 'blobstore')),
    cpi,
    agent: isRecord(o.agent) ? o.agent : {},
    workers: int(o.workers, 'workers', 3),
    orphanedVmCleanupInterval: int(vms.cleanup_interval, 'vms.cleanup_interval', 300),
  };
  if (problems.length > 0) {
    throw new Error(`Invalid director config:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  }
  return config;
}
