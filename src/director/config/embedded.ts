import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emitYaml } from '../../base/yaml/emit.js';
import { OrderedYamlMap } from '../../base/yaml/ordered-map.js';
import { parseYaml } from '../../base/yaml/parse.js';
import type { YamlKey, YamlValue } from '../../base/yaml/value.js';
import type { CredentialGenerator } from '../../ports/credential-generator.js';
import { plainYaml } from './plain-yaml.js';

export interface EmbeddedOptions {
  readonly dataDir: string;
  readonly port: number | undefined;
  readonly generator: CredentialGenerator;
  /** argv of the local CPI and of the agent its VMs run (node + the bundled bins). */
  readonly localCpi: readonly string[];
  readonly agentCommand: readonly string[];
}

export interface EmbeddedDirector {
  readonly configPath: string;
  readonly credsPath: string;
  /** True when this run made the data dir (first start). */
  readonly created: boolean;
}

const DEFAULT_PORT = 25555;

/**
 * The embedded default (`bosh-director --data-dir DIR`): on first start writes `DIR/director.yml` (SQLite and the
 * blobstore in DIR, the local CPI, generated TLS, an `admin` user) and `DIR/creds.yml` (`admin_password`,
 * `director_ca`), and the local CPI's config; later starts find them and resume the same director.
 */
export async function prepareEmbedded(o: EmbeddedOptions): Promise<EmbeddedDirector> {
  const configPath = join(o.dataDir, 'director.yml');
  const credsPath = join(o.dataDir, 'creds.yml');
  if (existsSync(configPath)) {
    if (o.port !== undefined) await setPort(configPath, o.port);
    return { configPath, credsPath, created: false };
  }
  await mkdir(o.dataDir, { recursive: true, mode: 0o700 });
  const port = o.port ?? DEFAULT_PORT;
  const password = randomBytes(15).toString('base64url');
  const mbusPassword = randomBytes(15).toString('base64url');
  const tls = await directorTls(o.generator);
  const cpiConfigPath = join(o.dataDir, 'cpi.json');
  await writeFile(
    cpiConfigPath,
    `${JSON.stringify(
      {
        data_dir: join(o.dataDir, 'cpi'),
        agent: {
          mbus: `https://mbus:${mbusPassword}@{ip}:6868`,
          ntp: [],
          blobstore: { provider: 'local', options: { blobstore_path: join(o.dataDir, 'blobstore') } },
        },
        agent_command: [...o.agentCommand, '--base-dir', '{base_dir}'],
      },
      null,
      2,
    )}\n`,
    { mode: 0o600 },
  );
  const cpiScript = join(o.dataDir, 'bosh-local-cpi');
  await writeFile(cpiScript, `#!/bin/sh\nexec ${o.localCpi.map(shellQuote).join(' ')} "$@"\n`, {
    mode: 0o755,
  });
  const config = new OrderedYamlMap([
    ['name', 'bosh-ts'],
    ['port', port],
    ['bind', '127.0.0.1'],
    ['data_dir', o.dataDir],
    [
      'tls',
      new OrderedYamlMap([
        ['certificate', tls.certificate],
        ['private_key', tls.privateKey],
        ['ca', tls.ca],
      ]),
    ],
    [
      'user_management',
      new OrderedYamlMap([
        ['provider', 'local'],
        [
          'local',
          new OrderedYamlMap([
            [
              'users',
              [
                new OrderedYamlMap([
                  ['name', 'admin'],
                  ['password', password],
                ]),
              ],
            ],
          ]),
        ],
      ]),
    ],
    [
      'db',
      new OrderedYamlMap([
        ['adapter', 'sqlite'],
        ['database', join(o.dataDir, 'director.db')],
      ]),
    ],
    [
      'blobstore',
      new OrderedYamlMap([
        ['provider', 'local'],
        ['options', new OrderedYamlMap([['blobstore_path', join(o.dataDir, 'blobstore')]])],
      ]),
    ],
    [
      'cpi',
      new OrderedYamlMap([
        ['executable', cpiScript],
        ['config', cpiConfigPath],
        ['serve', true],
      ]),
    ],
    ['agent', new OrderedYamlMap([['mbus_password', mbusPassword]])],
    ['workers', 3],
  ]);
  await writeFile(configPath, emitYaml(config), { mode: 0o600 });
  await writeFile(
    credsPath,
    emitYaml(
      new OrderedYamlMap([
        ['admin_password', password],
        ['director_ca', tls.ca],
      ]),
    ),
    { mode: 0o600 },
  );
  return { configPath, credsPath, created: true };
}

async function setPort(configPath: string, port: number): Promise<void> {
  const text = await readFile(configPath, 'utf8');
  const current = plainYaml(parseYaml(text)) as { port?: unknown };
  if (current.port === port) return;
  await writeFile(configPath, text.replace(/^port: .*$/m, `port: ${String(port)}`), { mode: 0o600 });
}

/** A CA and a server certificate for 127.0.0.1/localhost signed by it (the director's `director_ssl`). */
async function directorTls(generator: CredentialGenerator) {
  generator.prepare?.(['certificate', 'certificate']);
  const ca = await generator.generate(
    'certificate',
    new Map<YamlKey, YamlValue>([
      ['is_ca', true],
      ['common_name', 'bosh-ts director CA'],
      // Ten years: an embedded director should not stop working after BOSH's one-year default.
      ['duration', 3650],
    ]),
    () => Promise.resolve({ found: false, value: null }),
  );
  const cert = await generator.generate(
    'certificate',
    new Map<YamlKey, YamlValue>([
      ['ca', 'director_ca'],
      ['common_name', '127.0.0.1'],
      ['alternative_names', ['127.0.0.1', 'localhost']],
      ['duration', 3650],
    ]),
    (name) =>
      Promise.resolve(name === 'director_ca' ? { found: true, value: ca } : { found: false, value: null }),
  );
  const field = (v: YamlValue, key: string): string => {
    const x = v instanceof Map ? v.get(key) : undefined;
    return typeof x === 'string' ? x : '';
  };
  return {
    certificate: field(cert, 'certificate'),
    privateKey: field(cert, 'private_key'),
    ca: field(ca, 'certificate'),
  };
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
