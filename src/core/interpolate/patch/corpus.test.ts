/**
 * Runs the conformance corpus' go-patch cases (`own-patch-*`, and the `own-path-*` cases without variables)
 * through the YAML parser and these ops. The corpus sits beside the project (`../shared`), as in CI.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorChainMessage } from '../../../base/errors.js';
import { parseYaml } from '../../../base/yaml/parse.js';
import { deepEqual, type YamlValue } from '../../../base/yaml/value.js';
import { FindOp } from './find-op.js';
import { applyOps, type Op } from './op.js';
import { opsFromDefinitions } from './op-definitions.js';
import { parsePointer } from './pointer.js';

const CORPUS = resolve(import.meta.dirname, '../../../../../shared/conformance/interpolate');
const FLAG_PREFIX = "invalid argument for flag `-o, --ops-file' (expected []opts.OpsFileArg): ";

interface Case {
  name: string;
  source: string;
  cwd: string;
  args: string[];
  exit: number;
  stdout: string | null;
  stderr: string | null;
}

type ParseYaml = (text: string) => YamlValue;

const cases = JSON.parse(readFileSync(join(CORPUS, 'cases.json'), 'utf8')) as Case[];

const read = (...parts: string[]): string => readFileSync(join(CORPUS, ...parts), 'utf8');

/** The ops of every `-o` (in order, each file described by its path as given) and the `--path`. */
function readOps(
  parse: ParseYaml,
  cwd: string,
  flags: readonly string[],
): { ops: Op[]; path: string | undefined } {
  const dir = join('inputs', cwd);
  const ops: Op[] = [];
  let path: string | undefined;
  flags.forEach((flag, i) => {
    const value = flags[i + 1] ?? '';
    if (flag === '--path') path = value;
    if (flag === '-o') ops.push(...opsFromDefinitions(parse(read(dir, value)), value));
  });
  return { ops, path };
}

/** `bosh int` up to (not including) interpolation: parse, build ops per file, apply, then `--path`. */
function run(parse: ParseYaml, c: Case): { result: YamlValue } | { error: string } {
  const [, manifest = '', ...flags] = c.args;
  let ops: Op[];
  let path: string | undefined;
  try {
    ({ ops, path } = readOps(parse, c.cwd, flags));
  } catch (err) {
    return { error: FLAG_PREFIX + errorChainMessage(err as Error) };
  }
  const dir = join('inputs', c.cwd);
  try {
    let result = applyOps(parse(read(dir, manifest)), ops);
    if (path !== undefined) result = new FindOp(parsePointer(path)).apply(result);
    return { result };
  } catch (err) {
    return { error: errorChainMessage(err as Error) };
  }
}

const selected = cases.filter(
  (c) =>
    (c.name.startsWith('own-patch-') || c.name.startsWith('own-path-')) &&
    !c.args.includes('-v') &&
    !c.name.endsWith('-ops-file-missing-error') &&
    !['own-path-multiline', 'own-path-string-needing-quotes'].includes(c.name),
);

describe('conformance corpus: go-patch cases', () => {
  it.each(selected.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const outcome = run(parseYaml, c);
    if (c.exit === 0) {
      expect(outcome).toHaveProperty('result');
      const expected = parseYaml(read(c.stdout ?? ''));
      expect('result' in outcome && deepEqual(outcome.result, expected)).toBe(true);
    } else {
      const stderr = read(c.stderr ?? '').replace(/\nExit code 1\n$/, '');
      expect(outcome).toEqual({ error: stderr });
    }
  });
});

describe('conformance corpus: real ops files apply cleanly', () => {
  const real = cases.filter((c) => c.source !== 'own' && c.exit === 0);

  it.each(real.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const [, manifest = '', ...flags] = c.args;
    const { ops } = readOps(parseYaml, c.cwd, flags);
    expect(() => applyOps(parseYaml(read('inputs', c.cwd, manifest)), ops)).not.toThrow();
  });
});
