import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeFileSystem } from '../../adapters/fs/node-file-system.js';
import { renderMultilineError } from '../../base/errors.js';
import { BoshConfig } from './bosh-config.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUB\n-----END CERTIFICATE-----\n';

/** As the real CLI (yaml.v2 Marshal of fsConfigSchema) writes it: struct order, empty fields left out. */
const REAL_CLI_CONFIG =
  'environments:\n' +
  '- url: https://192.168.50.6:25555\n' +
  '  ca_cert: |\n' +
  '    -----BEGIN CERTIFICATE-----\n' +
  '    MIIBszCCAVmgAwIBAgIUB\n' +
  '    -----END CERTIFICATE-----\n' +
  '  alias: vbox\n' +
  '  username: admin\n' +
  '  password: "12345"\n' +
  '- url: https://10.0.0.6:25555\n' +
  '  alias: uaa-env\n' +
  '  access_token_type: bearer\n' +
  '  access_token: aaa.bbb.ccc\n' +
  '  refresh_token: ddd.eee.fff\n';

let home: string;
const fs = (): NodeFileSystem => new NodeFileSystem(home);

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'bosh-config-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('~/.bosh/config (bosh-cli cmd/config/fs_config.go)', () => {
  it('reads the real CLI format and writes it back byte for byte', async () => {
    await mkdir(join(home, '.bosh'), { recursive: true });
    await writeFile(join(home, '.bosh', 'config'), REAL_CLI_CONFIG);
    const config = await BoshConfig.load('~/.bosh/config', fs());
    expect(config.path).toBe(join(home, '.bosh', 'config'));
    expect(config.environments()).toEqual([
      { url: 'https://192.168.50.6:25555', alias: 'vbox' },
      { url: 'https://10.0.0.6:25555', alias: 'uaa-env' },
    ]);
    expect(config.resolveEnvironment('vbox')).toBe('https://192.168.50.6:25555');
    expect(config.resolveEnvironment('https://10.0.0.6:25555')).toBe('https://10.0.0.6:25555');
    expect(config.resolveEnvironment('elsewhere')).toBe('elsewhere');
    expect(config.caCert('vbox')).toBe(CA);
    expect(config.credentials('vbox')).toEqual({
      client: 'admin',
      clientSecret: '12345',
      accessTokenType: '',
      accessToken: '',
      refreshToken: '',
    });
    expect(config.credentials('uaa-env').refreshToken).toBe('ddd.eee.fff');
    expect(config.text()).toBe(REAL_CLI_CONFIG);
  });

  it('ignores unknown keys, takes any scalar as text, and treats a missing file as empty', async () => {
    const path = join(home, 'odd.yml');
    await writeFile(
      path,
      'other: 1\nenvironments:\n- alias: x\n  url: 10.0.0.1\n  password: 123\n  extra: y\n',
    );
    const config = await BoshConfig.load(path, fs());
    expect(config.text()).toBe('environments:\n- url: 10.0.0.1\n  alias: x\n  password: "123"\n');
    const empty = await BoshConfig.load(join(home, 'missing.yml'), fs());
    expect(empty.environments()).toEqual([]);
    expect(empty.text()).toBe('environments: []\n');
  });

  it('aliases: updates the environment with that URL or alias, else appends one', async () => {
    const config = (await BoshConfig.load(join(home, 'none.yml'), fs()))
      .aliasEnvironment('https://a:25555', 'a', '')
      .aliasEnvironment('https://b:25555', 'b', CA)
      .aliasEnvironment('https://a2:25555', 'a', '');
    expect(config.environments()).toEqual([
      { url: 'https://a2:25555', alias: 'a' },
      { url: 'https://b:25555', alias: 'b' },
    ]);
    expect(() => config.aliasEnvironment('', 'x', '')).toThrow('Expected non-empty environment URL');
    expect(() => config.aliasEnvironment('u', '', '')).toThrow('Expected non-empty environment alias');
    expect(config.unaliasEnvironment('a').environments()).toEqual([{ url: 'https://b:25555', alias: 'b' }]);
    expect(() => config.unaliasEnvironment('zzz')).toThrow('alias zzz not found');
  });

  it('sets and unsets credentials (a new environment for an unknown URL), without touching the original', async () => {
    const base = await BoshConfig.load(join(home, 'none.yml'), fs());
    const creds = {
      client: 'admin',
      clientSecret: 's',
      accessTokenType: '',
      accessToken: '',
      refreshToken: '',
    };
    const withCreds = base.setCredentials('https://c:25555', creds);
    expect(base.environments()).toEqual([]);
    expect(withCreds.text()).toBe(
      'environments:\n- url: https://c:25555\n  username: admin\n  password: s\n',
    );
    expect(withCreds.unsetCredentials('https://c:25555').text()).toBe(
      'environments:\n- url: https://c:25555\n',
    );
  });

  it('saves with mode 0600, creating ~/.bosh', async () => {
    const path = join(home, 'sub', 'config');
    const config = (await BoshConfig.load(path, fs())).aliasEnvironment('https://d:25555', 'd', '');
    await config.save();
    expect(await readFile(path, 'utf8')).toBe('environments:\n- url: https://d:25555\n  alias: d\n');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('reports a malformed file as bosh-cli does', async () => {
    const path = join(home, 'bad.yml');
    await writeFile(path, 'environments: {a: 1}\n');
    const err = await BoshConfig.load(path, fs()).catch((e: unknown) => e as Error);
    expect(renderMultilineError(err as Error)).toBe(
      'Unmarshalling config:\n  yaml: unmarshal errors:\n  line 1: cannot unmarshal !!map into []config.fsConfigSchema_Environment',
    );
  });
});
