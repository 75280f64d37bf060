import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitYaml } from '../src/base/yaml/emit.js';
import { OrderedYamlMap } from '../src/base/yaml/ordered-map.js';
import { parseYaml } from '../src/base/yaml/parse.js';
import type { YamlKey, YamlMap, YamlValue } from '../src/base/yaml/value.js';

/** The shared corpus sits beside the project (`../shared`), in CI as here. */
const CORPUS = resolve(import.meta.dirname, '../../shared/conformance/interpolate');

interface Case {
  name: string;
  cwd: string;
  args: string[];
  exit: number;
  stdout: string | null;
  stderr: string | null;
}

const cases = JSON.parse(readFileSync(join(CORPUS, 'cases.json'), 'utf8')) as Case[];
const read = (path: string): string => readFileSync(join(CORPUS, path), 'utf8');

describe('own-yaml cases: parse the input, emit, compare with bosh int', () => {
  const yamlCases = cases.filter((c) => c.name.startsWith('own-yaml-'));

  it('covers the 24 YAML cases', () => {
    expect(yamlCases).toHaveLength(24);
  });

  it.each(yamlCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const input = read(join('inputs', c.cwd, c.args[1] ?? ''));
    if (c.exit === 0) {
      expect(emitYaml(parseYaml(input))).toBe(read(c.stdout ?? ''));
    } else {
      expect(() => parseYaml(input)).toThrow();
      let message = '';
      try {
        parseYaml(input);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(`${message}\nExit code 1\n`).toBe(read(c.stderr ?? ''));
    }
  });
});

/**
 * bosh-cli writes a freshly generated certificate as a Go struct, whose fields keep their declaration
 * order (certificate, private_key, ca); everything it read back from YAML is a map and gets sorted.
 * The vars-store writer must hand such values over as OrderedYamlMap; here we recognise them by order.
 */
function withStructOrder(v: YamlValue): YamlValue {
  if (Array.isArray(v)) return v.map(withStructOrder);
  if (!(v instanceof Map)) return v;
  const [a, b, c, ...rest] = [...v.keys()];
  const isCertStruct = a === 'certificate' && b === 'private_key' && c === 'ca' && rest.length === 0;
  const out: YamlMap = isCertStruct ? new OrderedYamlMap() : new Map<YamlKey, YamlValue>();
  for (const [k, item] of v) out.set(k, withStructOrder(item));
  return out;
}

describe('round trip: emitYaml(parseYaml(bosh output)) reproduces the output', () => {
  const outputs = cases
    .filter((c) => !c.name.startsWith('own-yaml-') && c.exit === 0 && c.stdout !== null)
    .filter(
      (c) => !c.args.includes('--json') && !c.args.some((a) => a === '--path' || a.startsWith('--path=')),
    )
    .map((c) => c.stdout ?? '');
  const stores = readdirSync(join(CORPUS, 'expected'))
    .filter((f) => f.endsWith('.store.yml') && statSync(join(CORPUS, 'expected', f)).size > 0)
    .map((f) => join('expected', f));

  it('finds the corpus files', () => {
    expect(outputs.length).toBeGreaterThan(70);
    expect(stores.length).toBeGreaterThan(25);
  });

  it.each(outputs)('%s', (path) => {
    const text = read(path);
    expect(emitYaml(parseYaml(text))).toBe(text);
  });

  it.each(stores)('%s', (path) => {
    const text = read(path);
    expect(emitYaml(withStructOrder(parseYaml(text)))).toBe(text);
  });
});
