import { describe, expect, it } from 'vitest';
import { renderMultilineError } from '../../base/errors.js';
import { mapOf, type YamlValue } from '../../base/yaml/value.js';
import { StaticVariables } from './static-variables.js';
import { MultiVariables, NOT_FOUND, type VariableDefinition, type Variables } from './variables.js';
import { VarsTracker } from './vars-tracker.js';

/** A store that "generates" `gen-<name>` for typed definitions and records what it was asked. */
class RecordingStore implements Variables {
  readonly asked: VariableDefinition[] = [];
  readonly values = new Map<string, YamlValue>();
  get(def: VariableDefinition) {
    this.asked.push(def);
    const existing = this.values.get(def.name);
    if (existing !== undefined) return Promise.resolve({ found: true, value: existing });
    if (def.type === '') return Promise.resolve(NOT_FOUND);
    const value = `gen-${def.name}`;
    this.values.set(def.name, value);
    return Promise.resolve({ found: true, value });
  }
  list() {
    return Promise.resolve([...this.values.keys()]);
  }
}

const def = (name: string, type: string, options: YamlValue = null): VariableDefinition => ({
  name,
  type,
  options,
});

describe('VarsTracker', () => {
  it('interpolates definition options before generating, and reports static vars first', async () => {
    const store = new RecordingStore();
    const vars = new MultiVariables([new StaticVariables([['ip', '10.0.0.1']]), store]);
    const tracker = new VarsTracker(vars, [def('cert', 'certificate', mapOf({ common_name: '((ip))' }))]);
    expect(await tracker.get('cert')).toEqual({ found: true, value: 'gen-cert' });
    expect(store.asked[0]?.options).toEqual(mapOf({ common_name: '10.0.0.1' }));
  });

  it('treats a definition whose options miss a variable as not found, without reporting it missing', async () => {
    const store = new RecordingStore();
    const tracker = new VarsTracker(store, [def('cert', 'certificate', mapOf({ common_name: '((ip))' }))]);
    expect((await tracker.get('cert')).found).toBe(false);
    expect(store.values.has('cert')).toBe(false);
    expect(await tracker.errors(true, false)).toBeUndefined();
  });

  it('detects recursion through definition options', async () => {
    const tracker = new VarsTracker(new RecordingStore(), [def('a', 'password', mapOf({ x: '((a))' }))]);
    const err = await tracker.get('a').catch((e: unknown) => e as Error);
    expect(err instanceof Error && renderMultilineError(err)).toBe(
      "Interpolating variable 'a' definition options:\n  Finding variable 'a':\n    Detected recursion",
    );
  });

  it('lists missing and unused names, sorted, in one error', async () => {
    const vars = new StaticVariables([
      ['one', 1],
      ['extra', 4],
    ]);
    const tracker = new VarsTracker(vars, []);
    for (const name of ['one', 'two', 'three']) await tracker.get(name);
    const err = await tracker.errors(true, true);
    expect(err && renderMultilineError(err)).toBe(
      '- Expected to find variables:\n    - three\n    - two\n- Expected to use variables:\n    - extra',
    );
  });
});
