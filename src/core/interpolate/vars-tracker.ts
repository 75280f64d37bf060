import { MultiError, wrapError } from '../../base/errors.js';
import type { YamlValue } from '../../base/yaml/value.js';
import { interpolate } from './interpolator.js';
import { lookupDotted } from './lookup-dotted.js';
import { type Lookup, NOT_FOUND, type VariableDefinition, type Variables } from './variables.js';

/**
 * Tracks lookups during one interpolation, as bosh-cli's varsTracker: which names were missing (`--var-errs`),
 * which were used (`--var-errs-unused`), and recursion through definition options.
 */
export class VarsTracker {
  readonly missing = new Set<string>();
  readonly visitedAll = new Set<string>();

  constructor(
    private readonly vars: Variables,
    private readonly defs: readonly VariableDefinition[],
    private readonly visited: ReadonlySet<string> = new Set(),
  ) {}

  async get(name: string): Promise<Lookup> {
    this.visitedAll.add(name);
    if (this.visited.has(name)) throw new Error('Detected recursion');
    const scoped = new VarsTracker(this.vars, this.defs, new Set([...this.visited, name]));
    const def = this.defs.find((d) => d.name === name) ?? { name, type: '', options: null };
    let options: YamlValue;
    try {
      options = await interpolate(def.options, (n) => lookupDotted(scoped, n));
    } catch (e) {
      throw wrapError(e, `Interpolating variable '${name}' definition options`);
    }
    // A definition whose options still miss variables is treated as not found, and not reported as missing.
    if (scoped.missing.size > 0) return NOT_FOUND;
    const result = await this.vars.get({ ...def, options });
    if (!result.found) this.missing.add(name);
    return result;
  }

  /** The `--var-errs` / `--var-errs-unused` errors, if asked for. */
  async errors(expectAllFound: boolean, expectAllUsed: boolean): Promise<Error | undefined> {
    const errs: Error[] = [];
    if (expectAllFound && this.missing.size > 0) {
      errs.push(wrapError(namesError(this.missing), 'Expected to find variables'));
    }
    if (expectAllUsed) {
      const unused = new Set((await this.vars.list()).filter((n) => !this.visitedAll.has(n)));
      if (unused.size > 0) errs.push(wrapError(namesError(unused), 'Expected to use variables'));
    }
    return errs.length > 0 ? new MultiError(errs) : undefined;
  }
}

function namesError(names: ReadonlySet<string>): MultiError {
  const sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new MultiError(sorted.map((n) => new Error(n)));
}
