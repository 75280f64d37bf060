import { wrapError } from '../../base/errors.js';
import { emitYaml } from '../../base/yaml/emit.js';
import { parseYaml } from '../../base/yaml/parse.js';
import { OrderedYamlMap } from '../../base/yaml/ordered-map.js';
import type { YamlMap, YamlValue } from '../../base/yaml/value.js';
import { formatGoScalarText } from '../../core/interpolate/scalar-text.js';
import {
  type Lookup,
  NOT_FOUND,
  type VariableDefinition,
  type Variables,
} from '../../core/interpolate/variables.js';
import type { CredentialGenerator, VariableLookup } from '../../ports/credential-generator.js';
import type { FileSystem } from '../../ports/file-system.js';

/**
 * `--vars-store PATH`: a YAML file of generated credentials. A typed variable that is absent is generated and
 * stored. bosh-cli re-reads and rewrites the whole file around every value; we read it once and write it once
 * (`flush`, also after a failure), atomically, which gives the same file without quadratic cost.
 */
export class FsVarsStore implements Variables {
  private vars: Map<string, YamlValue> | undefined;
  private dirty = false;
  private lastGenerated: { name: string; type: string } | undefined;
  /** How generators find CAs: through all variable sources, static ones first (set by the caller). */
  caLookup: VariableLookup = () => Promise.resolve(NOT_FOUND);

  constructor(
    private readonly fs: FileSystem,
    private readonly path: string,
    private readonly generator: CredentialGenerator,
  ) {}

  async get(def: VariableDefinition): Promise<Lookup> {
    const vars = await this.load();
    const existing = vars.get(def.name);
    if (existing !== undefined || vars.has(def.name)) return { found: true, value: existing ?? null };
    if (def.type === '') return NOT_FOUND;
    let value: YamlValue;
    try {
      value = await this.generator.generate(def.type, def.options, this.caLookup);
    } catch (e) {
      throw wrapError(e, `Generating variable '${def.name}'`);
    }
    vars.set(def.name, value);
    this.dirty = true;
    this.lastGenerated = { name: def.name, type: def.type };
    return { found: true, value };
  }

  /** Starts key generation for the typed definitions this store will have to generate. */
  async prepare(defs: readonly VariableDefinition[]): Promise<void> {
    const vars = await this.load();
    this.generator.prepare?.(defs.filter((d) => d.type !== '' && !vars.has(d.name)).map((d) => d.type));
  }

  async list(): Promise<string[]> {
    return [...(await this.load()).keys()];
  }

  /** Writes the store if anything was generated, and abandons key generation no longer needed. */
  async flush(): Promise<void> {
    this.generator.prepare?.([]);
    if (!this.dirty || !this.vars) return;
    const map: YamlMap = new Map(this.vars);
    const last = this.lastGenerated;
    if (last?.type === 'certificate') {
      // bosh-cli saves after each value by re-reading the file (values become sorted maps) and adding the new
      // value as config-server's Go struct, whose fields are certificate, private_key, ca: so in the file only
      // the last generated certificate keeps that order.
      const cert = map.get(last.name);
      if (cert instanceof Map) {
        const ordered = new OrderedYamlMap();
        for (const key of ['certificate', 'private_key', 'ca']) ordered.set(key, cert.get(key) ?? null);
        map.set(last.name, ordered);
      }
    }
    try {
      await this.fs.writeFile(this.path, emitYaml(map));
    } catch (e) {
      throw wrapError(e, `Writing variables to file store '${this.path}'`);
    }
    this.dirty = false;
  }

  private async load(): Promise<Map<string, YamlValue>> {
    if (this.vars) return this.vars;
    const vars = new Map<string, YamlValue>();
    if (await this.fs.fileExists(this.path)) {
      const text = new TextDecoder().decode(await this.fs.readFile(this.path));
      let doc: YamlValue;
      try {
        doc = parseYaml(text);
      } catch (e) {
        throw wrapError(e, `Deserializing variables file store '${this.path}'`);
      }
      if (doc instanceof Map) {
        for (const [k, v] of doc) vars.set(k === null ? '' : formatGoScalarText(k), v);
      } else if (doc !== null) {
        const err = new Error(
          'yaml: unmarshal errors:\n  line 1: cannot unmarshal into template.StaticVariables',
        );
        throw wrapError(err, `Deserializing variables file store '${this.path}'`);
      }
    }
    this.vars = vars;
    return vars;
  }
}
