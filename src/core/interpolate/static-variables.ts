import type { YamlMap, YamlValue } from '../../base/yaml/value.js';
import { type Lookup, NOT_FOUND, type VariableDefinition, type Variables } from './variables.js';

/**
 * Variables from `-v`, `--var-file`, `-l` and `--vars-env`, merged by the caller in bosh-cli's precedence order.
 * A dotted name (`-v foo.bar=x`) becomes a nested map, so `((foo.bar))` resolves through it.
 */
export class StaticVariables implements Variables {
  private readonly processed: Map<string, YamlValue>;

  constructor(entries: Iterable<readonly [string, YamlValue]>) {
    this.processed = nestDottedNames(entries);
  }

  get(def: VariableDefinition): Promise<Lookup> {
    const value = this.processed.get(def.name);
    return Promise.resolve(
      value === undefined && !this.processed.has(def.name)
        ? NOT_FOUND
        : { found: true, value: value ?? null },
    );
  }

  list(): Promise<string[]> {
    return Promise.resolve([...this.processed.keys()]);
  }
}

function nestDottedNames(entries: Iterable<readonly [string, YamlValue]>): Map<string, YamlValue> {
  const processed = new Map<string, YamlValue>();
  for (const [name, value] of entries) {
    const pieces = name.split('.');
    const last = pieces.pop() ?? '';
    if (pieces.length === 0) {
      processed.set(name, value);
      continue;
    }
    // Intermediate maps are created only when absent, and a non-map in the way is replaced: bosh-cli's result for
    // such mixes depends on Go map order (documented as undefined), so we pick the predictable option.
    let ref: Map<YamlValue, YamlValue> = processed;
    for (const piece of pieces) {
      let next = ref.get(piece);
      if (!(next instanceof Map)) {
        next = new Map() as YamlMap;
        ref.set(piece, next);
      }
      ref = next;
    }
    ref.set(last, value);
  }
  return processed;
}
