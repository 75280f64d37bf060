import type { YamlValue } from '../../base/yaml/value.js';

/** An entry of a manifest's `variables:` section (or just a name, when a variable has no definition). */
export interface VariableDefinition {
  readonly name: string;
  readonly type: string;
  readonly options: YamlValue;
}

export interface Lookup {
  readonly found: boolean;
  readonly value: YamlValue;
}

export const NOT_FOUND: Lookup = { found: false, value: null };

/** A source of variable values: static flags, a vars store, a config server. */
export interface Variables {
  get(def: VariableDefinition): Promise<Lookup>;
  /** Names this source provides, for `--var-errs-unused`. */
  list(): Promise<string[]>;
  /** Optional hint before lookups start: the definitions of the document, so slow generation can begin early. */
  prepare?(defs: readonly VariableDefinition[]): Promise<void>;
}

export function definitionNamed(name: string): VariableDefinition {
  return { name, type: '', options: null };
}

/** Sources consulted in order; the first that finds a value (or fails) answers (bosh-cli MultiVars). */
export class MultiVariables implements Variables {
  constructor(private readonly sources: readonly Variables[]) {}

  async get(def: VariableDefinition): Promise<Lookup> {
    for (const source of this.sources) {
      const result = await source.get(def);
      if (result.found) return result;
    }
    return NOT_FOUND;
  }

  /** Each source hears only of the definitions no earlier source already provides. */
  async prepare(defs: readonly VariableDefinition[]): Promise<void> {
    let remaining = defs;
    for (const source of this.sources) {
      await source.prepare?.(remaining);
      const provided = new Set(await source.list());
      remaining = remaining.filter((d) => !provided.has(d.name));
    }
  }

  async list(): Promise<string[]> {
    const names: string[] = [];
    for (const source of this.sources) names.push(...(await source.list()));
    return names;
  }
}
