import { createHash } from 'node:crypto';
import { errorChainMessage } from '../../base/errors.js';
import { emitYaml } from '../../base/yaml/emit.js';
import { parseYaml } from '../../base/yaml/parse.js';
import { cloneValue, type YamlValue } from '../../base/yaml/value.js';
import type { CredentialGenerator, VariableLookup } from '../../ports/credential-generator.js';
import type { ConfigServerValueRecord, ConfigServerValueRepo } from '../../ports/director-store.js';
import type { ValueCipher } from './cipher.js';
import { generateValue } from './generate-value.js';
import { ConfigServerError } from './names.js';

/**
 * `no-overwrite` (default): an existing value is kept whatever the type or options. `overwrite`: always a new
 * version. `converge`: a new version when there is none, or the type, the options or (certificates) the CA's
 * current version differ from those that generated the newest one; CredHub's converge semantics.
 */
export type GenerationMode = 'no-overwrite' | 'overwrite' | 'converge';

export interface StoredValue {
  readonly id: string;
  readonly name: string;
  readonly value: YamlValue;
}

export interface GeneratedValue extends StoredValue {
  /** False when an existing version was kept. */
  readonly generated: boolean;
}

export interface DirectorConfigServerDeps {
  readonly values: ConfigServerValueRepo;
  readonly cipher: ValueCipher;
  readonly generator: CredentialGenerator;
  /** Unix seconds. */
  readonly now?: () => number;
}

/**
 * The director's built-in config server: versioned values by absolute name, encrypted at rest, generated on
 * demand. Values are never logged and never part of an error message.
 */
export class DirectorConfigServer {
  private readonly now: () => number;
  /** Generations of one name run one after another in this process, so two callers do not both create one. */
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: DirectorConfigServerDeps) {
    this.now = deps.now ?? (() => Date.now() / 1000);
  }

  /** The same server over other storage (a dry run's in-memory overlay), with the same key and generator. */
  withValues(values: ConfigServerValueRepo): DirectorConfigServer {
    return new DirectorConfigServer({ ...this.deps, values });
  }

  /** The newest version of an absolute name (without `.key`). */
  async getLatest(name: string): Promise<StoredValue | undefined> {
    const record = await this.deps.values.latest(name);
    return record && this.open(record);
  }

  async getById(id: string): Promise<StoredValue | undefined> {
    const record = await this.deps.values.byId(id);
    return record && this.open(record);
  }

  /** The lookup generators use for a certificate's `ca` (an absolute name). */
  readonly lookup: VariableLookup = async (name) => {
    const found = await this.getLatest(name);
    return found ? { found: true, value: found.value } : { found: false, value: null };
  };

  /** Generates (or keeps, see GenerationMode) the value of an absolute name. */
  async generate(
    name: string,
    type: string,
    options: YamlValue,
    mode: GenerationMode = 'no-overwrite',
  ): Promise<GeneratedValue> {
    if (!name.startsWith('/')) throw new ConfigServerError(`Config server names must be absolute: '${name}'`);
    const previous = this.pending.get(name) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.generateNow(name, type, options, mode));
    this.pending.set(name, run);
    void run
      .finally(() => {
        if (this.pending.get(name) === run) this.pending.delete(name);
      })
      .catch(() => undefined);
    return await run;
  }

  private async generateNow(
    name: string,
    type: string,
    options: YamlValue,
    mode: GenerationMode,
  ): Promise<GeneratedValue> {
    const existing = await this.deps.values.latest(name);
    const digest = await this.generationDigest(type, options);
    const keep =
      existing !== undefined &&
      (mode === 'no-overwrite' ||
        (mode === 'converge' && existing.type === type && existing.generationDigest === digest));
    if (existing && keep) return { ...this.open(existing), generated: false };
    let value: YamlValue;
    try {
      value = await generateValue(this.deps.generator, type, options, this.lookup);
    } catch (e) {
      const reason = e instanceof Error ? errorChainMessage(e) : String(e);
      throw new ConfigServerError(`Failed to generate value for '${name}' with type '${type}': ${reason}`, {
        cause: e,
      });
    }
    const record = await this.deps.values.add({
      name,
      type,
      ciphertext: this.deps.cipher.encrypt(name, emitYaml(value)),
      generationDigest: digest,
      createdAt: this.now(),
    });
    return { id: record.id, name, value, generated: true };
  }

  /** What converge compares: type, options (keys sorted) and, for a certificate, the id of its CA's newest value. */
  private async generationDigest(type: string, options: YamlValue): Promise<string> {
    const ca = options instanceof Map ? options.get('ca') : undefined;
    const caId =
      typeof ca === 'string' && type === 'certificate' ? (await this.deps.values.latest(ca))?.id : '';
    const text = emitYaml(
      new Map<string, YamlValue>([
        ['type', type],
        // A copy's maps are plain: emitted with sorted keys, whatever order the manifest had.
        ['options', cloneValue(options)],
        ['ca_id', caId ?? ''],
      ]),
    );
    return createHash('sha256').update(text).digest('hex');
  }

  private open(record: ConfigServerValueRecord): StoredValue {
    const value = parseYaml(this.deps.cipher.decrypt(record.name, record.ciphertext));
    return { id: record.id, name: record.name, value };
  }
}
