import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorChainMessage } from '../../base/errors.js';
import { addRelease } from './release-index.js';
import { lastVersion, nextDevVersion, nextFinalVersion } from './release-versions.js';
import { compareVersions, formatVersion, incrementRelease, parseVersion } from './semi-semantic.js';

const cmp = (a: string, b: string) => compareVersions(parseVersion(a), parseVersion(b));
const failure = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return errorChainMessage(e as Error);
  }
  return 'no error';
};

describe('semi-semantic versions', () => {
  it.each([
    ['1', '2', -1],
    ['1.0', '1', 0],
    ['1.0.0.0', '1', 0],
    ['1.0-rc.1', '1', -1],
    ['1', '1+dev.1', -1],
    ['1+dev.2', '1+dev.10', -1],
    ['1.1', '1+dev.99', 1],
    ['10.2', '3.0.0-rc.1+dev.7', 1],
    ['10.1+dev.1', '10.1', 1],
    ['1.a', '1.1', 1], // strings sort after integers
    ['1.a', '1.b', -1],
    ['1.01', '1.1', 1], // a leading zero makes a string component
    ['1.0.a', '1', 1],
  ])('%s vs %s', (a, b, want) => {
    expect(cmp(a, b)).toBe(want);
    expect(cmp(b, a)).toBe(-want || 0);
  });

  it.each(['0+dev.1', '3.0.0-rc.1+dev.7', '10.2', '1.01', 'a_b.c-d+e-f.1'])('formats %s back as is', (v) => {
    expect(formatVersion(parseVersion(v))).toBe(v);
  });

  it.each([
    ['', 'Expected version to be non-empty string'],
    ['1-', "Expected version '1-' to match version format"],
    ['v1 ', "Expected version 'v1 ' to match version format"],
    [
      '1..2',
      "Expected component '' from version segment '1..2' to be either an integer or a formatted string",
    ],
    [
      '99999999999999999999',
      "Expected component '99999999999999999999' from version segment '99999999999999999999' to be a " +
        'parseable integer: strconv.Atoi: parsing "99999999999999999999": value out of range',
    ],
  ])('rejects %j', (v, want) => {
    expect(failure(() => parseVersion(v))).toBe(want);
  });

  it('increments only an integer last component', () => {
    expect(formatVersion(incrementRelease(parseVersion('2.3-rc.1+dev.4')))).toBe('2.4');
    expect(failure(() => nextFinalVersion('1.a'))).toBe(
      "Incrementing last final version: Expected version segment '1.a' to have last component 'a' to be an integer",
    );
    expect(failure(() => nextDevVersion('1+dev.x', undefined))).toBe(
      "Incrementing last dev version: Expected version segment 'dev.x' to have last component 'x' to be an integer",
    );
  });
});

describe('release version numbering (README §10)', () => {
  it.each([
    [undefined, undefined, '0+dev.1'],
    ['0+dev.2', undefined, '0+dev.3'],
    ['0+dev.3', '1', '1+dev.1'],
    ['10.1', '10.1', '10.1+dev.1'],
    ['10.1+dev.1', '10.2', '10.2+dev.1'],
    [undefined, '7', '7+dev.1'],
  ])('next dev after dev %s and final %s is %s', (dev, final, want) => {
    expect(nextDevVersion(dev, final)).toBe(want);
  });

  it('puts the timestamp in the post-release', () => {
    expect(nextDevVersion('10.2+dev.1', '10.2', { timestamp: 1763700000 })).toBe('10.2+dev.1763700000');
  });

  it.each([
    [undefined, '1'],
    ['1', '2'],
    ['10.1', '10.2'],
    ['2.0-rc.1', '2.1'],
  ])('next final after %s is %s', (last, want) => {
    expect(nextFinalVersion(last)).toBe(want);
  });

  it('reports unparseable index versions', () => {
    expect(failure(() => lastVersion(['1', 'x y']))).toBe(
      "Parsing release versions: Expected version 'x y' to match version format",
    );
  });
});

/** Replays minimal/versions: every index state after each create-release must match the recording. */
describe('minimal/versions', () => {
  const CORPUS = resolve(import.meta.dirname, '../../../../shared/conformance/releases');
  interface Step {
    op: string;
    id?: string;
    args?: string[];
    files?: { path: string; expected_versions?: string[] }[];
  }
  const cases = (
    JSON.parse(readFileSync(join(CORPUS, 'cases.json'), 'utf8')) as { cases: { id: string; steps: Step[] }[] }
  ).cases;
  const steps = (cases.find((c) => c.id === 'minimal/versions')?.steps ?? []).filter((s) => s.op === 'bosh');
  const dev = new Map<string, Map<string, string>>();
  const final = new Map<string, Map<string, string>>();
  const index = (m: Map<string, Map<string, string>>, name: string) =>
    m.get(name) ?? new Map<string, string>();
  let uuid = 0;

  it.each(steps.map((s) => [s.id ?? '', s] as const))('%s', (id, step) => {
    const args = step.args ?? [];
    const opt = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
    const name = opt('--name') ?? 'minimal';
    if (id !== '04-dirty-after-final') {
      const devIndex = index(dev, name);
      const finalIndex = index(final, name);
      const version =
        opt('--version') ??
        nextDevVersion(lastVersion(devIndex.values()), lastVersion(finalIndex.values()), {
          ...(args.includes('--timestamp-version') ? { timestamp: 1763700000 } : {}),
        });
      try {
        dev.set(name, new Map(addRelease(devIndex, `k${(uuid++).toString()}`, version)));
        if (args.includes('--final')) {
          const v = opt('--version') ?? nextFinalVersion(lastVersion(finalIndex.values()));
          if ([...finalIndex.values()].includes(v))
            throw new Error(`Release '${name}' version '${v}' already exists`);
          final.set(name, new Map(addRelease(finalIndex, `k${(uuid++).toString()}`, v)));
        }
      } catch (e) {
        expect(['10-final-exists', '13-dev-duplicate-version']).toContain(id);
        expect((e as Error).message).toMatch(/already exists$/);
      }
    }
    for (const f of step.files ?? []) {
      if (f.expected_versions === undefined) continue;
      const which = f.path.startsWith('dev_releases/') ? dev : final;
      const got = [...index(which, f.path.split('/')[1] ?? '').values()].sort();
      expect(got).toEqual(f.expected_versions);
    }
    if (id === '15-dev-timestamp')
      expect(lastVersion(index(dev, 'minimal').values())).toBe('10.2+dev.1763700000');
  });
});
