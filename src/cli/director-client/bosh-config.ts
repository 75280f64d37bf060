import { chmod } from 'node:fs/promises';
import { wrapError } from '../../base/errors.js';
import { emitYaml } from '../../base/yaml/emit.js';
import { OrderedYamlMap } from '../../base/yaml/ordered-map.js';
import { goSlice, goString, unmarshal } from '../../core/release/go-yaml-struct.js';
import { goStruct } from '../../core/release/go-yaml-composite.js';
import type { FileSystem } from '../../ports/file-system.js';

/**
 * `~/.bosh/config`, shared with the real CLI (bosh-cli cmd/config/fs_config.go): a list of environments with their
 * URL, CA certificate, alias and credentials (basic username/password, or UAA tokens). Every change returns a new
 * config, as bosh-cli deep-copies; `save` writes YAML in the struct's field order with empty fields left out.
 */
export interface EnvironmentEntry {
  url: string;
  ca_cert: string;
  alias: string;
  username: string;
  password: string;
  access_token_type: string;
  access_token: string;
  refresh_token: string;
}

/** bosh-cli cmdconf.Creds: basic auth or UAA client credentials, or a UAA user's tokens. */
export interface Creds {
  readonly client: string;
  readonly clientSecret: string;
  readonly accessTokenType: string;
  readonly accessToken: string;
  readonly refreshToken: string;
}

const FIELDS = [
  'url',
  'ca_cert',
  'alias',
  'username',
  'password',
  'access_token_type',
  'access_token',
  'refresh_token',
] as const;

const environmentCodec = goStruct(
  'config.fsConfigSchema_Environment',
  Object.fromEntries(FIELDS.map((f) => [f, goString])) as Record<(typeof FIELDS)[number], typeof goString>,
);
const schemaCodec = goStruct('config.fsConfigSchema', { environments: goSlice(environmentCodec) });

const newEntry = (url: string): EnvironmentEntry => ({
  ...(Object.fromEntries(FIELDS.map((f) => [f, ''])) as unknown as EnvironmentEntry),
  url,
});

export class BoshConfig {
  private constructor(
    readonly path: string,
    private readonly fs: FileSystem,
    private readonly entries: readonly EnvironmentEntry[],
  ) {}

  /** Reads the config at `path` (`~` expanded); a missing file is an empty config. */
  static async load(path: string, fs: FileSystem): Promise<BoshConfig> {
    const absPath = fs.expandPath(path);
    if (!(await fs.fileExists(absPath))) return new BoshConfig(absPath, fs, []);
    let text: string;
    try {
      text = new TextDecoder().decode(await fs.readFile(absPath));
    } catch (e) {
      throw wrapError(e, `Reading config '${absPath}'`);
    }
    try {
      return new BoshConfig(absPath, fs, unmarshal(text, schemaCodec).environments);
    } catch (e) {
      throw wrapError(e, 'Unmarshalling config');
    }
  }

  environments(): { url: string; alias: string }[] {
    return this.entries.map((e) => ({ url: e.url, alias: e.alias }));
  }

  /** The URL of the environment with this URL or alias, or the argument itself when none matches. */
  resolveEnvironment(urlOrAlias: string): string {
    return this.find(urlOrAlias)?.url ?? urlOrAlias;
  }

  caCert(urlOrAlias: string): string {
    return this.find(urlOrAlias)?.ca_cert ?? '';
  }

  credentials(urlOrAlias: string): Creds {
    const e = this.find(urlOrAlias) ?? newEntry(urlOrAlias);
    return {
      client: e.username,
      clientSecret: e.password,
      accessTokenType: e.access_token_type,
      accessToken: e.access_token,
      refreshToken: e.refresh_token,
    };
  }

  aliasEnvironment(url: string, alias: string, caCert: string): BoshConfig {
    if (url === '') throw new Error('Expected non-empty environment URL');
    if (alias === '') throw new Error('Expected non-empty environment alias');
    const entries = this.copy();
    let i = entries.findIndex((e) => e.url === url || e.alias === alias);
    if (i === -1) i = entries.push(newEntry(url)) - 1;
    entries[i] = { ...(entries[i] ?? newEntry(url)), url, alias, ca_cert: caCert };
    return new BoshConfig(this.path, this.fs, entries);
  }

  unaliasEnvironment(alias: string): BoshConfig {
    if (alias === '') throw new Error('expected non-empty environment alias');
    const i = this.entries.findIndex((e) => e.alias === alias);
    if (i === -1) throw new Error(`alias ${alias} not found`);
    return new BoshConfig(
      this.path,
      this.fs,
      this.copy().filter((_, j) => j !== i),
    );
  }

  setCredentials(urlOrAlias: string, creds: Creds): BoshConfig {
    return this.updateEntry(urlOrAlias, {
      username: creds.client,
      password: creds.clientSecret,
      access_token_type: creds.accessTokenType,
      access_token: creds.accessToken,
      refresh_token: creds.refreshToken,
    });
  }

  unsetCredentials(urlOrAlias: string): BoshConfig {
    return this.setCredentials(urlOrAlias, {
      client: '',
      clientSecret: '',
      accessTokenType: '',
      accessToken: '',
      refreshToken: '',
    });
  }

  /** The YAML bosh-cli writes (yaml.v2 Marshal of the schema struct). */
  text(): string {
    const environments = this.entries.map(
      (e) => new OrderedYamlMap(FIELDS.filter((f) => f === 'url' || e[f] !== '').map((f) => [f, e[f]])),
    );
    return emitYaml(new OrderedYamlMap([['environments', environments]]));
  }

  /** Writes the config and makes it readable by its owner only. */
  async save(): Promise<void> {
    try {
      await this.fs.writeFile(this.path, this.text());
    } catch (e) {
      throw wrapError(e, `Writing config '${this.path}'`);
    }
    try {
      await chmod(this.path, 0o600);
    } catch (e) {
      throw wrapError(e, `Setting config '${this.path}' permissions`);
    }
  }

  /** An empty URL or alias never matches: bosh-cli then works on a new, empty environment. */
  private find(urlOrAlias: string): EnvironmentEntry | undefined {
    if (urlOrAlias === '') return undefined;
    return this.entries.find((e) => e.url === urlOrAlias || e.alias === urlOrAlias);
  }

  private copy(): EnvironmentEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  private updateEntry(urlOrAlias: string, fields: Partial<EnvironmentEntry>): BoshConfig {
    const entries = this.copy();
    let i = urlOrAlias === '' ? -1 : entries.findIndex((e) => e.url === urlOrAlias || e.alias === urlOrAlias);
    if (i === -1) i = entries.push(newEntry(urlOrAlias)) - 1;
    entries[i] = { ...(entries[i] ?? newEntry(urlOrAlias)), ...fields };
    return new BoshConfig(this.path, this.fs, entries);
  }
}
